package gauntlet.controller.run;

/** An agent stopped answering, or ended its session, in the middle of a run. */
public final class AgentLostException extends RunException {
  private static final long serialVersionUID = 1L;
  private final String agent;

  public AgentLostException(String agent, String reason) {
    super("Agent '" + agent + "' was lost: " + reason);
    this.agent = agent;
  }

  public String agent() {
    return agent;
  }
}
