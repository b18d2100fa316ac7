package gauntlet.agent.target;

/**
 * A target could not be started. The message is one sentence telling the user what to fix; the
 * output tail, when there is one, is what the target printed before it failed.
 */
public final class TargetException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String outputTail;

  public TargetException(String message) {
    this(message, "", null);
  }

  public TargetException(String message, String outputTail, Throwable cause) {
    super(message, cause);
    this.outputTail = outputTail == null ? "" : outputTail;
  }

  public String outputTail() {
    return outputTail;
  }

  /** The message followed by the output tail, as shown to the user. */
  public String describe() {
    if (outputTail.isBlank()) {
      return getMessage();
    }
    return getMessage() + "\n--- last output of the target ---\n" + outputTail.stripTrailing();
  }
}
