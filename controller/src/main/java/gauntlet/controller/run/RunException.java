package gauntlet.controller.run;

/** A run cannot go on; the message is one sentence naming what to fix. */
public class RunException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RunException(String message) {
    super(message);
  }

  public RunException(String message, Throwable cause) {
    super(message, cause);
  }
}
