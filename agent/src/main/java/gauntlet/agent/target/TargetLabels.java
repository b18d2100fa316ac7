package gauntlet.agent.target;

import java.util.Map;

/**
 * Who a target belongs to. Docker containers carry these as labels so that an agent can always find
 * and remove what it started, even after a crash.
 */
public record TargetLabels(String runId, String agentName, String cellId) {
  public static final String RUN = "gauntlet.run";
  public static final String AGENT = "gauntlet.agent";
  public static final String CELL = "gauntlet.cell";

  public Map<String, String> asMap() {
    return Map.of(RUN, runId, AGENT, agentName, CELL, cellId);
  }
}
