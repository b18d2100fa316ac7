package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.agent.AgentAssembly;
import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.agent.target.ServerPorts;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.PlanParser;
import gauntlet.cli.Dialer;
import gauntlet.cli.TestPlans;
import gauntlet.controller.run.Progress;
import gauntlet.controller.run.RunOrchestrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// In the controller.report package (in the cli module, as it needs an agent) to share that package's test helpers.
/**
 * A real run (a real agent on loopback, Node and Go as processes) written out, then its
 * report.html opened in headless Chromium (Debian's chromium): the script runs without a console
 * message, every chart is drawn with data, and a screenshot is kept in target/ for people to look at.
 */
class ReportInChromiumIT {
  private static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");
  private static final Pattern CHART = Pattern.compile("<div class=\"chart\" id=\"([^\"]+)\"[^>]*>");

  @TempDir
  static Path work;
  private static AgentServer agent;
  private static Path out;
  private static RunResult run;

  @BeforeAll
  static void realRun() {
    agent = AgentAssembly.start(new AgentSettings("chromium-it", "127.0.0.1", 0, Duration.ofSeconds(10),
        AgentLimitsConfig.DEFAULT, Set.of(), Optional.empty(), Optional.of("process"), work.resolve("agent")));
    int port = ServerPorts.freeLoopbackPort();
    Plan plan = PlanParser.parse(TestPlans.nodeAndGo("chromium-it", agent.port(), port), "chromium-it.yaml");
    out = work.resolve("out");
    ResultsDirectory results = new ResultsDirectory(out);
    run = new RunOrchestrator(plan, Dialer.plaintext(() -> agent), results::write, Progress.SILENT,
        Duration.ofSeconds(10)).run();
    results.write(run);
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  /** Chromium as the task's acceptance prescribes: headless, no sandbox (root), nothing networked. */
  private static ProcessResult chromium(String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--hide-scrollbars"));
    command.addAll(List.of(args));
    Path stdout = work.resolve("chromium.out");
    Path stderr = work.resolve("chromium.err");
    Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("chromium did not finish within 120 s: " + Files.readString(stderr));
    }
    return new ProcessResult(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }

  private record ProcessResult(int exit, String out, String err) {
    /** Chromium logs every console message and uncaught error of the page as a CONSOLE line. */
    List<String> console() {
      return err.lines().filter(l -> l.contains(":CONSOLE")).toList();
    }
  }

  @Test
  void everyChartIsDrawnWithDataAndNothingIsLogged() throws Exception {
    assertThat(run.cells()).allSatisfy(c -> assertThat(c.failure()).as(c.cell().id()).isEmpty());
    Path report = out.resolve(ResultsDirectory.REPORT);
    String html = Files.readString(report);
    List<String> ids = new ArrayList<>();
    Matcher m = CHART.matcher(html);
    while (m.find()) {
      ids.add(m.group(1));
    }
    // Two cells in one table: 7 overlaid charts and 7 per cell.
    assertThat(ids).hasSize(21);

    ProcessResult dom = chromium("--virtual-time-budget=5000", "--dump-dom", report.toUri().toString());

    assertThat(dom.exit()).as(dom.err()).isZero();
    assertThat(dom.console()).isEmpty();
    assertThat(dom.out()).contains("data-charts-drawn=\"21\"");
    for (String id : ids) {
      Matcher chart = Pattern.compile("<div class=\"chart\" id=\"" + id + "\" data-points=\"(\\d+)\">(.*?)</table>",
          Pattern.DOTALL).matcher(dom.out());
      assertThat(chart.find()).as(id + " drawn").isTrue();
      assertThat(Integer.parseInt(chart.group(1))).as(id + " points").isPositive();
      assertThat(chart.group(2)).as(id).contains("<canvas", "u-legend");
    }

    Files.createDirectories(SCREENSHOT.getParent());
    ProcessResult shot = chromium("--window-size=1280,3000", "--virtual-time-budget=5000",
        "--screenshot=" + SCREENSHOT.toAbsolutePath(), report.toUri().toString());
    assertThat(shot.exit()).as(shot.err()).isZero();
    assertThat(shot.console()).isEmpty();
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(50_000);
  }

  @Test
  void theRealReportReferencesNoAddress() throws IOException {
    String html = Files.readString(out.resolve(ResultsDirectory.REPORT));

    assertThat(HtmlReportWriterTest.addresses(html)).isEmpty();
  }

  @Test
  void resultsCsvMatchesResultsJsonOfTheRealRun() throws IOException {
    String csv = Files.readString(out.resolve(ResultsDirectory.CSV));
    String json = Files.readString(out.resolve(ResultsDirectory.RESULTS));

    ResultsCsvWriterTest.assertCsvMatchesJson(csv, json);
    JsonNode cells = ResultsSchema.assertValid(new ObjectMapper().readTree(json)).get("cells");
    for (JsonNode cell : cells) {
      // The timeline accounts for every measured request.
      long sum = 0;
      for (JsonNode second : cell.get("timeline").get("load")) {
        sum += second.get("requests").asLong();
        assertThat(second.get("agent_cpu_pct").has("target")).isTrue();
      }
      assertThat(sum).isEqualTo(cell.get("requests").asLong());
      assertThat(cell.get("timeline").get("target").size()).isGreaterThanOrEqualTo(2);
    }
  }
}
