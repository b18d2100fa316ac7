package gauntlet.controller.plan;

/**
 * A plan the controller cannot run, explained in one line: the file, the line and column when
 * known, the field, the offending value and what is allowed, e.g.
 * {@code plan.yaml:14:13: load.duration: must be positive, got '-5s'}.
 *
 * <p>Every problem {@link PlanParser} finds is reported as this exception and nothing else, so a
 * caller can print {@link #getMessage()} and exit without starting anything.
 */
public final class PlanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String field;
  private final String problem;

  /**
   * @param file the plan file as the user named it
   * @param line 1-based, or 0 when unknown
   * @param column 1-based, or 0 when unknown
   * @param field dotted path of the field, e.g. {@code load.duration}; empty for the whole plan
   * @param problem what is wrong and what is allowed
   */
  public PlanException(String file, int line, int column, String field, String problem) {
    this(file, line, column, field, problem, null);
  }

  public PlanException(String file, int line, int column, String field, String problem, Throwable cause) {
    super(format(file, line, column, field, problem), cause);
    this.file = file;
    this.line = line;
    this.column = column;
    this.field = field;
    this.problem = problem;
  }

  public String file() {
    return file;
  }

  /** 1-based line, 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column, 0 when unknown. */
  public int column() {
    return column;
  }

  /** Dotted field path such as {@code target.runtime[1]}; empty for the plan as a whole. */
  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }

  private static String format(String file, int line, int column, String field, String problem) {
    StringBuilder message = new StringBuilder(file);
    if (line > 0) {
      message.append(':').append(line);
      if (column > 0) {
        message.append(':').append(column);
      }
    }
    message.append(": ");
    if (field != null && !field.isEmpty()) {
      message.append(field).append(": ");
    }
    message.append(problem);
    // One line, whatever the offending value held: a terminal and a log line both stay readable.
    return message.toString().replace("\r", "\\r").replace("\n", "\\n");
  }
}
