package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;

class HlogWriterTest {
  private static final long START = 1_780_000_000_000L;

  @Test
  void readingTheLogBackGivesTheCellsCounts() throws Exception {
    CellResult cell = SampleRuns.measured(SampleRuns.phase4Plan().cells().get(0), START, 5, 42);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HlogWriter.write(cell, out);

    HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(out.toByteArray()));
    Histogram total = new Histogram(3);
    int intervals = 0;
    Histogram interval;
    while ((interval = (Histogram) reader.nextIntervalHistogram()) != null) {
      assertThat(interval.getStartTimeStamp()).isEqualTo(START + intervals * 1000L);
      assertThat(interval.getTotalCount()).isEqualTo(cell.intervals().get(intervals).getTotalCount());
      total.add(interval);
      intervals++;
    }

    assertThat(intervals).isEqualTo(5);
    assertThat(total.getTotalCount()).isEqualTo(cell.histogram().getTotalCount());
    assertThat(total.getValueAtPercentile(99)).isEqualTo(cell.histogram().getValueAtPercentile(99));
    assertThat(total.getMaxValue()).isEqualTo(cell.histogram().getMaxValue());
    assertThat(reader.getStartTimeSec()).isEqualTo(START / 1000.0);
  }

  @Test
  void logCarriesHeadersHdrHistogramToolsExpect() throws Exception {
    CellResult cell = SampleRuns.measured(SampleRuns.phase4Plan().cells().get(2), START, 2, 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HlogWriter.write(cell, out);
    String text = out.toString(StandardCharsets.UTF_8);

    assertThat(text).startsWith("#Gauntlet cell bun-4cpu-cluster: latency in microseconds");
    assertThat(text).contains("#[Histogram log format version 1.3]", "#[StartTime: 1780000000.000",
        "#[BaseTime: 1780000000.000", "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"");
    assertThat(text.lines().filter(l -> l.startsWith("0.000,1.000,") || l.startsWith("1.000,1.000,"))).hasSize(2);
    assertThat(HlogWriter.fileName(cell)).isEqualTo("bun-4cpu-cluster.hlog");
  }
}
