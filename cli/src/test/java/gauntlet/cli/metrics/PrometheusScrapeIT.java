package gauntlet.cli.metrics;

import gauntlet.controller.report.ResultsSchema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.agent.AgentAssembly;
import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.agent.target.ServerPorts;
import gauntlet.cli.CommandLineUser;
import gauntlet.cli.TestPlans;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's prometheus package) scrapes {@code gauntlet run --metrics} every
 * second during a real run on loopback; the series read back through its HTTP query API match
 * results.json. The counter is incremented as each measured interval arrives and the server stays
 * up for {@code --metrics-linger} after the run, so at least one scrape sees the final value: the
 * largest scraped value must equal the run's total exactly.
 */
class PrometheusScrapeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY = Duration.ofSeconds(60);

  @TempDir
  Path work;
  private AgentServer agent;
  private Process prometheus;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private int prometheusPort;

  @BeforeEach
  void startAgent() {
    agent = AgentAssembly.start(new AgentSettings("prom-it", "127.0.0.1", 0, Duration.ofSeconds(10),
        AgentLimitsConfig.DEFAULT, Set.of(), Optional.empty(), Optional.of("process"), work.resolve("agent")));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    agent.close();
  }

  private void startPrometheus(int metricsPort) throws Exception {
    prometheusPort = ServerPorts.freeLoopbackPort();
    Path config = work.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          scrape_timeout: 900ms
        scrape_configs:
          - job_name: gauntlet
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(metricsPort));
    prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort,
        "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
    long deadline = System.nanoTime() + READY.toNanos();
    while (true) {
      try {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + prometheusPort + "/-/ready")).build(), HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Still starting.
      }
      assertThat(prometheus.isAlive()).as("prometheus exited: %s", Files.readString(work.resolve("prometheus.log")))
          .isTrue();
      assertThat(System.nanoTime()).as("prometheus ready within %s", READY).isLessThan(deadline);
      prometheus.waitFor(200, TimeUnit.MILLISECONDS);
    }
  }

  /** An instant query's result vector. */
  private JsonNode query(String promql) throws Exception {
    String url = "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("status").asText()).isEqualTo("success");
    return body.get("data").get("result");
  }

  private double single(String promql) throws Exception {
    JsonNode result = query(promql);
    assertThat(result).as(promql).hasSize(1);
    return Double.parseDouble(result.get(0).get("value").get(1).asText());
  }

  @Test
  void scrapedCountersReachTheRunsTotalsAndQuantilesMatchTheMergedHistograms() throws Exception {
    int metricsPort = ServerPorts.freeLoopbackPort();
    startPrometheus(metricsPort);
    int serverPort = ServerPorts.freeLoopbackPort();
    Path plan = work.resolve("plan.yaml");
    Files.writeString(plan, TestPlans.nodeAndGo("prom-it", agent.port(), serverPort));
    Path out = work.resolve("out");
    CommandLineUser user = new CommandLineUser();

    int exit = user.run("run", plan.toString(), "--out", out.toString(), "--metrics", "127.0.0.1:" + metricsPort,
        "--metrics-linger", "3s");

    assertThat(exit).as(user.err()).isZero();
    assertThat(user.err()).contains("metrics: 127.0.0.1:" + metricsPort + "/metrics", "cell 2/2 · ");
    JsonNode results = ResultsSchema.assertValid(JSON.readTree(out.resolve("results.json").toFile()));
    long total = 0;
    // Prometheus may start scraping a few seconds late on a busy machine and miss the whole first cell.
    java.util.Set<String> cellsScrapedMidway = new java.util.TreeSet<>();
    for (JsonNode cell : results.get("cells")) {
      String id = cell.get("id").asText();
      long requests = cell.get("requests").asLong();
      total += requests;
      String series = "gauntlet_requests_total{cell=\"" + id + "\"}";
      assertThat(single("max_over_time(" + series + "[10m])")).as(id).isEqualTo((double) requests);
      JsonNode samples = query(series + "[10m]").get(0).get("values");
      for (JsonNode v : samples) {
        double seen = Double.parseDouble(v.get(1).asText());
        if (seen >= 1 && seen < requests) {
          cellsScrapedMidway.add(id);
        }
      }
      assertThat(single("max_over_time(gauntlet_errors_total{cell=\"" + id + "\",class=\"timeout\"}[10m])"))
          .isEqualTo(cell.get("errors").get("timeout").asDouble());
      double p99 = single("last_over_time(gauntlet_latency_seconds{cell=\"" + id + "\",quantile=\"0.99\"}[10m])");
      assertThat(p99 * 1000).as(id + " p99 ms").isCloseTo(cell.get("latency_ms").get("p99").asDouble(),
          org.assertj.core.data.Offset.offset(1e-6));
      double max = single("last_over_time(gauntlet_latency_seconds{cell=\"" + id + "\",quantile=~\"1(\\\\.0)?\"}[10m])");
      assertThat(max * 1000).isCloseTo(cell.get("latency_ms").get("max").asDouble(),
          org.assertj.core.data.Offset.offset(1e-6));
      assertThat(single("last_over_time(gauntlet_latency_seconds_count{cell=\"" + id + "\"}[10m])"))
          .isEqualTo((double) requests);
      assertThat(single("max_over_time(gauntlet_target_memory_bytes{cell=\"" + id + "\"}[10m])")).isPositive();
    }
    assertThat(total).isPositive();
    // Live, not only at the end: some scrape during a cell saw part of its count.
    assertThat(cellsScrapedMidway).as("cells a scrape saw part of").isNotEmpty();
    // The final figures were scraped after the run wrote them: the lingering server saw to that.
    double written = Files.getLastModifiedTime(out.resolve("results.json")).toMillis() / 1000.0;
    JsonNode cells = results.get("cells");
    String lastId = cells.get(cells.size() - 1).get("id").asText();
    JsonNode lastCell = query("gauntlet_requests_total{cell=\"" + lastId + "\"}[10m]").get(0).get("values");
    assertThat(lastCell.get(lastCell.size() - 1).get(0).asDouble()).as("last scrape after results.json")
        .isGreaterThan(written);
    assertThat(single("sum(max_over_time(gauntlet_requests_total[10m]))")).isEqualTo((double) total);
    assertThat(single("last_over_time(gauntlet_cells_done[10m])")).isEqualTo(2.0);
    assertThat(single("last_over_time(gauntlet_cells_planned[10m])")).isEqualTo(2.0);
    assertThat(single("last_over_time(gauntlet_eta_seconds[10m])")).isZero();
    assertThat(single("max_over_time(gauntlet_eta_seconds[10m])")).isPositive();
  }

  @Test
  void aNonLoopbackBindIsRefusedWithoutTheFlag() {
    CommandLineUser user = new CommandLineUser();

    int exit = user.run("run", work.resolve("absent.yaml").toString(), "--metrics", "0.0.0.0:0");

    assertThat(exit).isEqualTo(2);
    assertThat(user.err()).contains("--metrics 0.0.0.0:0 would serve the run's figures beyond this machine",
        "--metrics-allow-remote");
  }
}
