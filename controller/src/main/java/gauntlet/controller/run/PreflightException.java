package gauntlet.controller.run;

/**
 * The plan cannot run against these agents (unreachable, wrong version, missing runtime, too few
 * cores...). Found before anything was started; the command exits with the bad-input code.
 */
public final class PreflightException extends RunException {
  private static final long serialVersionUID = 1L;

  public PreflightException(String message) {
    super(message);
  }

  public PreflightException(String message, Throwable cause) {
    super(message, cause);
  }
}
