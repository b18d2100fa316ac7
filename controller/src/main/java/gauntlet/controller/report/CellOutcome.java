package gauntlet.controller.report;

import java.util.Locale;
import java.util.Optional;

/**
 * A cell's status and why it is not {@link CellStatus#OK}.
 *
 * @param reason empty when ok; the failure, or how far the errors exceeded the budget
 */
public record CellOutcome(CellStatus status, Optional<String> reason) {
  public static final CellOutcome OK = new CellOutcome(CellStatus.OK, Optional.empty());

  /**
   * @param maxErrorShare {@code load.max_errors}, 0 to 1: the share of requests that may fail
   *     before the cell is degraded
   */
  public static CellOutcome of(CellResult cell, double maxErrorShare) {
    if (cell.failed()) {
      return new CellOutcome(CellStatus.FAILED, cell.failure());
    }
    double share = cell.errorShare();
    if (share > maxErrorShare) {
      return new CellOutcome(CellStatus.DEGRADED, Optional.of(String.format(Locale.ROOT,
          "errors were %s of requests (%s of %s), more than load.max_errors (%s)", Percent.format(share),
          Figures.count(cell.errors().total()), Figures.count(cell.attempts()), Percent.format(maxErrorShare))));
    }
    return OK;
  }

  public boolean ok() {
    return status == CellStatus.OK;
  }
}
