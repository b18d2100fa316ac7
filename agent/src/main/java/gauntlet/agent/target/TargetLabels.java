package gauntlet.agent.target;

import java.util.Map;

/**
 * Who a target belongs to: the agent instance that started it and the session that asked. Docker
 * containers carry these as labels, process targets as a record in their folder, so that an agent
 * can always find what a crashed instance left, and tell it from what a live one still runs.
 */
public record TargetLabels(String runId, String sessionId, String agentName, String cellId, AgentInstance owner) {
  public static final String RUN = "gauntlet.run";
  public static final String SESSION = "gauntlet.session";
  public static final String AGENT = "gauntlet.agent";
  public static final String CELL = "gauntlet.cell";
  /** The owning agent instance's id. */
  public static final String INSTANCE = "gauntlet.instance";
  /** The owning agent instance's process, as {@link ProcessIdentity#text()}. */
  public static final String OWNER = "gauntlet.owner";

  public Map<String, String> asMap() {
    return Map.of(RUN, runId, SESSION, sessionId, AGENT, agentName, CELL, cellId, INSTANCE, owner.id(),
        OWNER, owner.process().text());
  }
}
