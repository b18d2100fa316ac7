package gauntlet.cli.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gauntlet.agent.target.ServerPorts;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.PlanParser;
import gauntlet.controller.report.CellResult;
import gauntlet.controller.report.LedgerWriter;
import gauntlet.controller.report.LoadPath;
import gauntlet.controller.report.ResultsJsonWriter;
import gauntlet.controller.report.ResultsSchema;
import gauntlet.controller.report.RunResult;
import gauntlet.cli.Dialer;
import gauntlet.controller.run.Progress;
import gauntlet.controller.run.RunOrchestrator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Go container, loaded from its own host both ways: the default direct path and the article's
 * published port, which on Linux goes through docker-proxy. The rounds alternate which way goes
 * first, so the VM's drifting speed (30 % between runs here) falls on both alike.
 */
class DockerPathIT {
  private static final int ROUNDS = 3;
  /** The issue measured 2-3x on an idle 2-core VM; under other sessions' load it shrinks, never near 1. */
  private static final double DIRECT_OVER_PROXIED = 1.2;
  @TempDir
  static Path work;
  private static DockerAgent agent;

  @BeforeAll
  static void startAgent() {
    agent = DockerAgent.start("it-path", work, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stopAgent() throws IOException {
    if (agent != null) {
      agent.close();
    }
  }

  private static Plan plan(String network) {
    int port = ServerPorts.freeLoopbackPort();
    return PlanParser.parse("""
        name: path-%s
        agents:
          target: 127.0.0.1:%d
        target:
          agent: target
          runtime: go
          launcher: docker
          cpus: 1
          memory: 512m
          port: %d
          network: %s
        load:
          agents: [target]
          url: http://{target}:%d/json
          threads: 1
          connections: 64
          duration: 3s
          warmup: 1s
          probe: 0s
        """.formatted(network, agent.port(), port, network, port), "path-" + network + ".yaml");
  }

  private static CellResult run(String network, List<String> ledgers) {
    RunResult run = new RunOrchestrator(plan(network), Dialer.plaintext(agent::server), r -> { }, Progress.SILENT,
        Duration.ofSeconds(10)).run();
    assertThat(run.cells()).hasSize(1);
    CellResult cell = run.cells().get(0);
    assertThat(cell.failure()).as(network).isEmpty();
    assertThat(cell.errors().total()).as(network + " errors").isZero();
    ledgers.add(LedgerWriter.render(run));
    assertThat(ResultsSchema.assertValid(ResultsJsonWriter.tree(run)).get("cells").get(0).get("network_path").asText())
        .isEqualTo(cell.setup().networkPath());
    return cell;
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void theDefaultDirectPathOutrunsDockerProxyAndTheLedgerNamesEachPath() {
    List<CellResult> direct = new ArrayList<>();
    List<CellResult> proxied = new ArrayList<>();
    List<String> directLedgers = new ArrayList<>();
    List<String> proxiedLedgers = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      if (round % 2 == 0) {
        direct.add(run("auto", directLedgers));
        proxied.add(run("published", proxiedLedgers));
      } else {
        proxied.add(run("published", proxiedLedgers));
        direct.add(run("auto", directLedgers));
      }
    }
    assumeTrue(proxied.get(0).setup().networkPath().equals(LoadPath.VIA_DOCKER_PROXY),
        "this engine does not relay loopback traffic through docker-proxy (userland-proxy off): nothing to compare");

    for (CellResult cell : direct) {
      assertThat(cell.setup().networkPath()).isEqualTo(LoadPath.HOST);
      assertThat(cell.setup().warnings()).noneMatch(w -> w.contains("docker-proxy"));
    }
    for (CellResult cell : proxied) {
      assertThat(cell.setup().networkPath()).isEqualTo(LoadPath.VIA_DOCKER_PROXY);
      assertThat(cell.setup().warnings()).anyMatch(w -> w.contains("went through docker-proxy pid "));
    }
    assertThat(directLedgers).allMatch(l -> l.contains("- Load path: host — the host's own network stack"));
    assertThat(proxiedLedgers).allMatch(l -> l.contains("- Load path: published port via docker-proxy — through"
        + " docker-proxy") && l.contains("⚠️ agent 'target''s load went through docker-proxy pid "));

    double directRps = rps(direct);
    double proxiedRps = rps(proxied);
    String figures = String.format(Locale.ROOT, "direct %s = %.0f req/s, proxied %s = %.0f req/s, ratio %.2f",
        each(direct), directRps, each(proxied), proxiedRps, directRps / proxiedRps);
    System.out.println("DockerPathIT: " + figures);
    assertThat(directRps).as(figures).isGreaterThan(DIRECT_OVER_PROXIED * proxiedRps);
  }

  /** Requests over seconds of every round: each round weighs by how long it ran. */
  private static double rps(List<CellResult> cells) {
    return cells.stream().mapToLong(CellResult::requests).sum()
        / cells.stream().mapToDouble(CellResult::durationSeconds).sum();
  }

  private static String each(List<CellResult> cells) {
    return cells.stream().map(c -> String.format(Locale.ROOT, "%.0f", c.rps())).toList().toString();
  }
}
