package gauntlet.controller.run;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a run opens every agent's session with.
 *
 * @param runId the run's name, for "busy with run X" messages on the agents
 * @param controller who is asking (user and host)
 * @param lease how long an agent keeps what it started once this controller goes silent
 * @param scheduler where the sessions' heartbeats run
 */
record SessionTerms(String runId, String controller, Duration lease, ScheduledExecutorService scheduler) {

  /** Opens a session on {@code connection}; it answers who the agent is, too (LeasedSession#agentInfo). */
  LeasedSession open(AgentConnection connection) {
    return LeasedSession.open(connection, runId, controller, lease, scheduler);
  }
}
