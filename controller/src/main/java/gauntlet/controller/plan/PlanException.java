package gauntlet.controller.plan;

/**
 * A plan that cannot run, said in one line: where (file:line:column when known), which field, the
 * offending value and what is allowed.
 */
public final class PlanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PlanException(String message) {
    super(message);
  }

  public PlanException(String message, Throwable cause) {
    super(message, cause);
  }
}
