package gauntlet.controller.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Interval histograms in HdrHistogram's log format, readable by its HistogramLogProcessor and
 * HistogramLogReader. Values are microseconds: give HistogramLogProcessor
 * {@code -outputValueUnitRatio 1000} to read them in milliseconds.
 */
public final class HlogWriter {
  private HlogWriter() {}

  /**
   * Writes {@code intervals} (start/end timestamps set, ms since the epoch) to {@code out}.
   *
   * @param startMillis the run's start, the log's StartTime and base time
   */
  public static void write(OutputStream out, long startMillis, List<Histogram> intervals, String comment)
      throws IOException {
    PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
    HistogramLogWriter writer = new HistogramLogWriter(print);
    writer.outputComment(comment);
    writer.outputComment("Latency values are in microseconds (HistogramLogProcessor -outputValueUnitRatio 1000 for ms)");
    writer.outputLogFormatVersion();
    writer.outputStartTime(startMillis);
    writer.setBaseTime(startMillis);
    writer.outputBaseTime(startMillis);
    writer.outputLegend();
    for (Histogram interval : intervals) {
      writer.outputIntervalHistogram(interval);
    }
    print.flush();
    if (print.checkError()) {
      throw new IOException("Could not write the histogram log");
    }
  }
}
