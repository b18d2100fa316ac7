package gauntlet.controller.run;

import gauntlet.v1.AgentInfo;
import java.util.List;

/**
 * A connected agent as the run knows it.
 *
 * @param planNames the plan's names for it (several names may point at one agent)
 * @param clock its clock against the controller's; null until measured, once its session is open
 */
public record AgentLink(List<String> planNames, AgentConnection connection, AgentInfo info, ClockEstimate clock) {

  public String name() {
    return planNames.get(0);
  }

  @Override
  public ClockEstimate clock() {
    if (clock == null) {
      throw new IllegalStateException("Agent '" + name() + "''s clock is measured when its session opens, not before");
    }
    return clock;
  }

  AgentLink withClock(ClockEstimate measured) {
    return new AgentLink(planNames, connection, info, measured);
  }
}
