package gauntlet.cli;

import gauntlet.controller.plan.Cell;
import gauntlet.controller.report.CellResult;
import gauntlet.controller.run.Progress;
import gauntlet.controller.run.RunEta;
import java.io.PrintWriter;
import java.util.Locale;

/** Live progress on the terminal: one line a second while a cell runs, a summary line after it. */
final class ConsoleProgress implements Progress {
  private final PrintWriter out;
  private final RunEta eta;
  private int cellNumber;

  /** @param eta the run's position, updated before this hears an event */
  ConsoleProgress(PrintWriter out, RunEta eta) {
    this.out = out;
    this.eta = eta;
  }

  @Override
  public void runStarted(String runId, int cells) {
    out.printf(Locale.ROOT, "gauntlet: run %s, %d cell%s%n", runId, cells, cells == 1 ? "" : "s");
    out.flush();
  }

  @Override
  public void note(String message) {
    out.println("gauntlet: " + message);
    out.flush();
  }

  @Override
  public void cellStarted(Cell cell, int of) {
    cellNumber++;
    out.printf(Locale.ROOT, "[%d/%d] %s: starting the target%n", cellNumber, of, label(cell));
    out.flush();
  }

  @Override
  public void second(Cell cell, Second second, int totalSeconds) {
    out.printf(Locale.ROOT, "%s · %s  %3d/%d s  %,10.0f req/s  p99 %8.2f ms  errors %d%n", eta.line(), label(cell),
        Math.min(second.second(), totalSeconds), totalSeconds, second.requestsPerSecond(), second.p99Millis(),
        second.errors());
    out.flush();
  }

  @Override
  public void cellFinished(CellResult result) {
    if (result.failed()) {
      out.printf(Locale.ROOT, "[%d] %s: FAILED: %s%n", cellNumber, label(result.cell()), result.failure().get());
    out.flush();
      return;
    }
    out.printf(Locale.ROOT, "[%d] %s: %,d requests in %.1f s, %,.0f req/s, avg %.2f ms, p99 %.2f ms, %d errors%n",
        cellNumber, label(result.cell()), result.requests(), result.durationSeconds(), result.rps(),
        result.latency().meanMs(), result.latency().p99Ms(), result.errors().total());
    out.flush();
  }

  private static String label(Cell cell) {
    return cell.runtime() + " " + Cell.formatCpus(cell.cpus()) + " cpu" + (cell.cluster() ? " cluster" : "");
  }
}
