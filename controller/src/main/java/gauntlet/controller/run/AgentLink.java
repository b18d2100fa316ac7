package gauntlet.controller.run;

import gauntlet.v1.AgentInfo;

/**
 * A connected agent as the run knows it.
 *
 * @param planNames the plan's names for it (several names may point at one agent)
 */
public record AgentLink(
    java.util.List<String> planNames, AgentConnection connection, AgentInfo info, ClockEstimate clock) {

  public String name() {
    return planNames.get(0);
  }
}
