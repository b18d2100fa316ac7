package gauntlet.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.agent.load.TestHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import gauntlet.cli.CommandLineUser;

/** {@code gauntlet load} as a wrk user runs it, against a loopback server. */
class LoadCommandIT {
  private final CommandLineUser user = new CommandLineUser();

  private int gauntlet(String... args) {
    return user.run(args);
  }

  @Test
  void summaryReadsLikeWrks() {
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.immediate())) {
      int code = gauntlet("load", "-t2", "-c8", "-d2s", "--latency", server.url().toString());

      assertThat(code).as(user.err()).isZero();
      assertThat(user.out())
          .contains("Running 2s test @ " + server.url())
          .contains("  2 threads and 8 connections")
          .containsPattern("Thread Stats +Avg +Stdev +Max +\\+/- Stdev")
          .containsPattern("    Latency +[0-9.]+(us|ms) ")
          .containsPattern("    Req/Sec +[0-9.]+k? ")
          .contains("  Latency Distribution")
          .containsPattern("  +99% +[0-9.]+(us|ms)")
          .containsPattern("  [0-9]+ requests in 2.00s, [0-9.]+[KM]B read")
          .containsPattern("Requests/sec: +[0-9]+\\.[0-9]{2}")
          .containsPattern("Transfer/sec: +[0-9.]+[KM]B")
          .doesNotContain("Socket errors");
    }
  }

  @Test
  void hlogTotalsEqualTheSummaryInHdrHistogramsOwnTools(@TempDir Path dir) throws Exception {
    Path hlog = dir.resolve("run.hlog");
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.immediate())) {
      int code = gauntlet("load", "-t1", "-c4", "-d3s", "--json", "--hlog", hlog.toString(), server.url().toString());
      assertThat(code).as(user.err()).isZero();
    }
    JsonNode summary = new ObjectMapper().readTree(user.out());
    long requests = summary.get("requests").asLong();
    assertThat(requests).isPositive();

    // HdrHistogram's reader: the intervals add up to the summary.
    Histogram total = null;
    int intervals = 0;
    HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
    EncodableHistogram interval;
    while ((interval = reader.nextIntervalHistogram()) != null) {
      intervals++;
      total = total == null ? ((Histogram) interval).copy() : add(total, (Histogram) interval);
    }
    assertThat(intervals).isEqualTo(3);
    assertThat(total.getTotalCount()).isEqualTo(requests);
    assertThat(total.getValueAtPercentile(99) / 1000.0)
        .isCloseTo(summary.get("latency_ms").get("p99").asDouble(), org.assertj.core.data.Offset.offset(0.01));
    assertThat(total.getMaxValue() / 1000.0)
        .isCloseTo(summary.get("latency_ms").get("max").asDouble(), org.assertj.core.data.Offset.offset(0.01));

    // HdrHistogram's processor (the command-line tool) reads it too; its total count line agrees.
    Path processed = dir.resolve("processed");
    PrintStream stdout = System.out;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      new HistogramLogProcessor(new String[] {"-i", hlog.toString(), "-o", processed.toString(),
          "-outputValueUnitRatio", "1000"}).run();
    } finally {
      System.setOut(stdout);
    }
    String distribution = java.nio.file.Files.readString(Path.of(processed + ".hgrm"));
    assertThat(distribution).containsPattern("#\\[Mean +=")
        .containsPattern("Total count += +" + requests + "\\]");
  }

  private static Histogram add(Histogram total, Histogram interval) {
    total.add(interval);
    return total;
  }
}
