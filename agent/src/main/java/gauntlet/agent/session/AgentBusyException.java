package gauntlet.agent.session;

/** Another controller's run holds the agent. */
public final class AgentBusyException extends Exception {
  private static final long serialVersionUID = 1L;

  public AgentBusyException(String message) {
    super(message);
  }
}
