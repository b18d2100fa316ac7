package gauntlet.controller.run;

import gauntlet.controller.plan.Cell;
import gauntlet.controller.report.CellResult;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Where the run stands: which cell of how many, and how long the rest should take. Until a cell has
 * finished, a cell is expected to take its warm-up and measured load (target start-up unknown yet);
 * after that, as long as the finished cells took on average.
 */
public final class RunEta implements Progress {
  private final Duration loadPerCell;
  private final LongSupplier nanoTime;
  private int cells;
  private int current;
  private int finished;
  private long cellStartedNanos;
  private long finishedNanos;

  /**
   * @param loadPerCell warm-up plus measured duration of one cell
   * @param nanoTime a monotonic clock ({@code System::nanoTime})
   */
  public RunEta(Duration loadPerCell, LongSupplier nanoTime) {
    this.loadPerCell = loadPerCell;
    this.nanoTime = nanoTime;
  }

  @Override
  public synchronized void runStarted(String runId, int cells) {
    this.cells = cells;
  }

  @Override
  public synchronized void cellStarted(Cell cell, int of) {
    cells = of;
    current++;
    cellStartedNanos = nanoTime.getAsLong();
  }

  @Override
  public synchronized void cellFinished(CellResult result) {
    finished++;
    finishedNanos += nanoTime.getAsLong() - cellStartedNanos;
  }

  /** The cell running now (or last run), counting from 1; 0 before the first. */
  public synchronized int current() {
    return current;
  }

  public synchronized int cells() {
    return cells;
  }

  public synchronized int finished() {
    return finished;
  }

  /** Expected time until the last cell ends; zero once every cell has finished. */
  public synchronized Duration remaining() {
    if (finished >= cells) {
      return Duration.ZERO;
    }
    long perCell = finished == 0 ? loadPerCell.toNanos() : finishedNanos / finished;
    long left = (long) (cells - current) * perCell;
    if (current > finished) {
      left += Math.max(0, perCell - (nanoTime.getAsLong() - cellStartedNanos));
    }
    return Duration.ofNanos(left);
  }

  /** {@code cell 3/12 · ~4 min left}. */
  public synchronized String line() {
    return String.format(Locale.ROOT, "cell %d/%d · %s", current, cells, left(remaining()));
  }

  /** "~40 s left", "~4 min left", "~1 h 5 min left": rounded up, it is an estimate. */
  static String left(Duration remaining) {
    long seconds = (remaining.toMillis() + 999) / 1000;
    if (seconds < 60) {
      return "~" + seconds + " s left";
    }
    long minutes = (seconds + 59) / 60;
    if (minutes < 60) {
      return "~" + minutes + " min left";
    }
    return "~" + minutes / 60 + " h " + minutes % 60 + " min left";
  }
}
