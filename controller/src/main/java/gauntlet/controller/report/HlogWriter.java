package gauntlet.controller.report;

import java.io.IOException;
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

  private HlogWriter() {}

  /** The file name of a cell's log. */
  public static String fileName(CellResult cell) {
    return cell.cell().id() + ".hlog";
  }

  /** The file name of one repetition's log when a cell ran several times: {@code go-1cpu-r3.hlog}. */
  public static String fileName(CellResult run, int repetition) {
    return run.cell().id() + "-r" + repetition + ".hlog";
  }

  /** Whether the cell has anything to log (a cell that failed before its load has no intervals). */
  public static boolean hasIntervals(CellResult cell) {
    return !cell.intervals().isEmpty();
  }

  /**
   * Writes the cell's intervals: start time and base time are the first interval's start, so
   * interval timestamps in the log are seconds since the cell's measured window began.
   */
  public static void write(CellResult cell, OutputStream out) throws IOException {
    List<Histogram> intervals = cell.intervals();
    long start = intervals.isEmpty() ? 0 : intervals.get(0).getStartTimeStamp();
    write(out, start, intervals, "Gauntlet cell " + cell.cell().id() + ": latency in microseconds, one interval per"
        + " second, merged over " + Math.max(1, cell.agents().size()) + " load agent(s)");
  }

  /**
   * Writes {@code intervals} (start/end timestamps set, ms since the epoch) to {@code out}.
   *
   * @param startMillis the log's StartTime and base time: interval timestamps are relative to it
   */
  public static void write(OutputStream out, long startMillis, List<Histogram> intervals, String comment)
      throws IOException {
    PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
    HistogramLogWriter log = new HistogramLogWriter(print);
    log.outputComment(comment);
    log.outputComment("Latency values are in microseconds (HistogramLogProcessor -outputValueUnitRatio 1000 for ms)");
    log.outputLogFormatVersion();
    log.outputStartTime(startMillis);
    log.setBaseTime(startMillis);
    log.outputBaseTime(startMillis);
    log.outputLegend();
    for (Histogram interval : intervals) {
      log.outputIntervalHistogram((interval.getStartTimeStamp() - startMillis) / 1000.0,
          (interval.getEndTimeStamp() - startMillis) / 1000.0, interval, MICROS_PER_MILLI);
    }
    print.flush();
    if (print.checkError()) {
      throw new IOException("Could not write the histogram log");
    }
  }
}
