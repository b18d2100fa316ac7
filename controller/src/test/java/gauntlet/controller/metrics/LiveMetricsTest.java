package gauntlet.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.core.ErrorCounts;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.run.Progress;
import gauntlet.controller.run.RunEta;
import gauntlet.wire.LatencyHistograms;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LiveMetricsTest {
  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private static String scrape(MetricsServer server) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + server.endpoint())).header("Accept", OPENMETRICS).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
    return response.body();
  }

  @Test
  void countersQuantilesTargetAndProgressAreServedAsOpenMetrics() throws Exception {
    RunEta eta = new RunEta(Duration.ofSeconds(10), System::nanoTime);
    LiveMetrics metrics = new LiveMetrics(eta);
    Progress progress = Progress.all(eta, metrics);
    Cell node = new Cell(0, "node", 1, false);
    Histogram first = LatencyHistograms.create();
    first.recordValue(1_000);
    first.recordValue(3_000);
    Histogram second = LatencyHistograms.create();
    second.recordValue(250_000);

    progress.runStarted("r", 3);
    progress.cellStarted(node, 3);
    progress.interval(node, new Progress.Interval("a", 2, ErrorCounts.NONE, LatencyHistograms.encode(first)));
    progress.interval(node, new Progress.Interval("b", 1, ErrorCounts.of(0, 0, 0, 1, 4), LatencyHistograms.encode(second)));
    progress.targetSample(node, 97.5, 50L << 20);

    try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, false, metrics.registry())) {
      String text = scrape(server);

      assertThat(text).contains(
          "gauntlet_requests_total{cell=\"node-1cpu\",runtime=\"node\"} 3.0",
          "gauntlet_errors_total{cell=\"node-1cpu\",class=\"timeout\",runtime=\"node\"} 1.0",
          "gauntlet_errors_total{cell=\"node-1cpu\",class=\"status\",runtime=\"node\"} 4.0",
          "gauntlet_errors_total{cell=\"node-1cpu\",class=\"connect\",runtime=\"node\"} 0.0",
          "gauntlet_latency_seconds{cell=\"node-1cpu\",runtime=\"node\",quantile=\"0.5\"} 0.003",
          "gauntlet_latency_seconds_count{cell=\"node-1cpu\",runtime=\"node\"} 3",
          "gauntlet_target_cpu_percent{cell=\"node-1cpu\",runtime=\"node\"} 97.5",
          "gauntlet_target_memory_bytes{cell=\"node-1cpu\",runtime=\"node\"} 5.24288E7",
          "gauntlet_cells_planned 3.0", "gauntlet_cell_current 1.0", "gauntlet_cells_done 0.0", "# EOF");
      assertThat(text).containsPattern("gauntlet_latency_seconds\\{cell=\"node-1cpu\",runtime=\"node\",quantile=\"1.0\"\\}"
          + " 0\\.25\\d*");
      assertThat(text).containsPattern("gauntlet_eta_seconds \\d+\\.\\d+");
    }
  }

  @Test
  void aNonLoopbackAddressNeedsTheFlag() {
    assertThatThrownBy(() -> MetricsServer.checkBind("0.0.0.0", 9464, false))
        .hasMessageContaining("--metrics 0.0.0.0:9464 would serve the run's figures beyond this machine");
    assertThat(MetricsServer.checkBind("0.0.0.0", 9464, true).isAnyLocalAddress()).isTrue();
    assertThat(MetricsServer.checkBind("::1", 9464, false).isLoopbackAddress()).isTrue();
  }
}
