package gauntlet.cli.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.agent.target.ServerPorts;
import gauntlet.cli.CommandLineUser;
import gauntlet.controller.report.ResultsSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Outcomes and exit codes of {@code gauntlet run} with a real Go server on loopback (process
 * launcher, in-process local agent): a cell that measured nothing or lost its target fails and the
 * run exits 1; unmet expectations exit 3 with a JUnit failure; a mistyped path fails at once.
 */
class CellOutcomesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final CommandLineUser user = new CommandLineUser();

  private static String plan(int port, String url, String duration, String extra) {
    return """
        name: outcomes
        agents:
          local: local
        target:
          agent: local
          runtime: go
          launcher: process
          cpus: 1
          port: %d
          health_timeout: 60s
        load:
          agents: [local]
          url: %s
          threads: 1
          connections: 8
          duration: %s
          probe: 0s
        %s
        """.formatted(port, url, duration, extra);
  }

  private JsonNode results(Path dir) throws Exception {
    return ResultsSchema.assertValid(JSON.readTree(dir.resolve("out/results.json").toFile()));
  }

  @Test
  void aLoadAgainstAClosedPortFailsTheCellAndExitsOne(@TempDir Path dir) throws Exception {
    int port = ServerPorts.freeLoopbackPort();
    int closed = ServerPorts.freeLoopbackPort();
    // The target is healthy on its port; the load goes to a port nothing listens on.
    Path plan = Files.writeString(dir.resolve("plan.yaml"),
        plan(port, "http://127.0.0.1:" + closed + "/json", "2s", ""));

    int code = user.run("run", plan.toString(), "--out", dir.resolve("out").toString());

    assertThat(code).as(user.err()).isEqualTo(1);
    JsonNode cell = results(dir).get("cells").get(0);
    assertThat(cell.get("status").asText()).isEqualTo("failed");
    assertThat(cell.get("failure").asText()).startsWith("no request succeeded").contains("Connect error");
    assertThat(cell.get("errors").get("connect").asLong()).isPositive();
  }

  @Test
  void aTargetKilledMidCellFailsTheCellWithTheReasonAndExitsOne(@TempDir Path dir) throws Exception {
    int port = ServerPorts.freeLoopbackPort();
    Path plan = Files.writeString(dir.resolve("plan.yaml"),
        plan(port, "http://{target}:" + port + "/json", "20s", ""));
    CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> killTargetOnceLoaded());

    long started = System.nanoTime();
    int code = user.run("run", plan.toString(), "--out", dir.resolve("out").toString());
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    killer.get(10, TimeUnit.SECONDS);

    assertThat(code).as(user.err()).isEqualTo(1);
    JsonNode cell = results(dir).get("cells").get(0);
    assertThat(cell.get("status").asText()).isEqualTo("failed");
    assertThat(cell.get("failure").asText()).contains("stopped serving mid-cell").contains("exited with code");
    // It ends when the target dies, not when the 20 s of load are over (a generous bound).
    assertThat(seconds).as(user.err()).isLessThan(19);
  }

  /** Kills every process this JVM's local agent started, once the load has begun on the target. */
  private void killTargetOnceLoaded() {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!user.err().contains("load from local") && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    List<ProcessHandle> targets = ProcessHandle.current().descendants().toList();
    assertThat(targets).as("target processes of the local agent").isNotEmpty();
    targets.forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void anUnmetExpectationExitsThreeAndWritesAJunitFailure(@TempDir Path dir) throws Exception {
    int port = ServerPorts.freeLoopbackPort();
    Path plan = Files.writeString(dir.resolve("plan.yaml"), plan(port, "http://{target}:" + port + "/json", "2s", """
        expect:
          rps: ">= 100000000"
          errors: "< 1%"
        """));
    Path junit = dir.resolve("junit.xml");

    int code = user.run("run", plan.toString(), "--out", dir.resolve("out").toString(), "--junit", junit.toString());

    assertThat(code).as(user.err()).isEqualTo(3);
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(2);
    assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(1);
    assertThat(xml.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("message").getNodeValue())
        .startsWith("rps >= 100000000: measured ").endsWith(" RPS");
    JsonNode expectations = results(dir).get("expectations");
    assertThat(expectations).hasSize(2);
    assertThat(expectations.get(0).get("passed").asBoolean()).isFalse();
    assertThat(expectations.get(0).get("measured").asDouble()).isPositive();
    assertThat(expectations.get(1).get("passed").asBoolean()).isTrue();
    assertThat(Files.readString(dir.resolve("out/ledger.md"))).contains("## Expectations")
        .contains("FAIL go-1cpu: rps >= 100000000: measured").contains("pass go-1cpu: errors < 1%: measured 0 %");
  }

  @Test
  void aMistypedPathFailsTheCellAtOnceNamingTheUrlAndStatus(@TempDir Path dir) throws Exception {
    int port = ServerPorts.freeLoopbackPort();
    // The health timeout is 60 s: a 404 that waited for it would take a minute.
    Path plan = Files.writeString(dir.resolve("plan.yaml"), plan(port, "http://{target}:" + port + "/jsn", "2s", ""));

    long started = System.nanoTime();
    int code = user.run("run", plan.toString(), "--out", dir.resolve("out").toString());
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

    assertThat(code).as(user.err()).isEqualTo(1);
    JsonNode cell = results(dir).get("cells").get(0);
    assertThat(cell.get("status").asText()).isEqualTo("failed");
    assertThat(cell.get("failure").asText()).contains("answered 404").contains("/jsn");
    // Generous: the go server's start and the run's set-up take a few seconds on a busy machine.
    assertThat(seconds).as(user.err()).isLessThan(30);
    assertThat(countOf(user.err(), "answered 404")).as(user.err()).isEqualTo(1);
  }

  private static int countOf(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      count++;
    }
    return count;
  }
}
