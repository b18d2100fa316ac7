package gauntlet.controller.report;

import java.util.Locale;

/**
 * How a cell ended, in results.json's {@code cells[].status} spelling. A run exits 0 only when
 * every cell is {@link #OK}.
 */
public enum CellStatus {
  /** Ran to the end with errors within {@code load.max_errors}. */
  OK,
  /** Ran to the end, but errors exceeded {@code load.max_errors}: the figures are not the server's best. */
  DEGRADED,
  /** Its target died or was removed, an agent was lost, it could not start, or no request succeeded. */
  FAILED;

  /** {@code ok}, {@code degraded} or {@code failed}. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
