package gauntlet.agent.session;

/** Something was started for a session that had already ended; it has been stopped again. */
public final class SessionClosedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SessionClosedException(String message) {
    super(message);
  }
}
