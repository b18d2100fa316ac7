package gauntlet.controller.report;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * A cell's interval histograms in HdrHistogram's log format ({@code <cell-id>.hlog}), readable by
 * HistogramLogReader, HistogramLogProcessor and the HdrHistogram plotters.
 */
public final class HlogWriter {
  /** Values are microseconds; dividing the max column by 1000 shows it in milliseconds. */
  private static final double MICROS_PER_MILLI = 1000.0;

  /** The file name of a cell's log. */
  public static String fileName(CellResult cell) {
    return cell.cell().id() + ".hlog";
  }

  /** Whether the cell has anything to log (a cell that failed before its load has no intervals). */
  public static boolean hasIntervals(CellResult cell) {
    return !cell.intervals().isEmpty();
  }

  /**
   * Writes the cell's intervals: start time and base time are the first interval's start, so
   * interval timestamps in the log are seconds since the cell's measured window began.
   */
  public void write(CellResult cell, OutputStream out) {
    List<Histogram> intervals = cell.intervals();
    PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
    HistogramLogWriter log = new HistogramLogWriter(print);
    long base = intervals.isEmpty() ? 0 : intervals.get(0).getStartTimeStamp();
    log.outputComment("Gauntlet cell " + cell.cell().id() + ": latency in microseconds, one interval per second,"
        + " merged over " + Math.max(1, cell.agents().size()) + " load agent(s)");
    log.outputLogFormatVersion();
    log.outputStartTime(base);
    log.setBaseTime(base);
    log.outputBaseTime(base);
    log.outputLegend();
    for (Histogram interval : intervals) {
      log.outputIntervalHistogram((interval.getStartTimeStamp() - base) / 1000.0,
          (interval.getEndTimeStamp() - base) / 1000.0, interval, MICROS_PER_MILLI);
    }
    print.flush();
  }
}
