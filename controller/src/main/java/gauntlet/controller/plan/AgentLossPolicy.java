package gauntlet.controller.plan;

/** What a run does when an agent is lost mid-cell. */
public enum AgentLossPolicy {
  /** Mark the cell failed and go on with the cells that do not need that agent. */
  CONTINUE,
  /** Mark the cell failed and stop the run. */
  ABORT
}
