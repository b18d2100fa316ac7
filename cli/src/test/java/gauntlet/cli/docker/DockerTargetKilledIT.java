package gauntlet.cli.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gauntlet.agent.AgentAssembly;
import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.cli.Dialer;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.PlanParser;
import gauntlet.controller.report.CellOutcome;
import gauntlet.controller.report.CellResult;
import gauntlet.controller.report.CellStatus;
import gauntlet.controller.report.ResultsJsonWriter;
import gauntlet.controller.report.ResultsSchema;
import gauntlet.controller.report.RunResult;
import gauntlet.controller.run.Progress;
import gauntlet.controller.run.RunOrchestrator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker kill} of a cell's container while its load runs: the cell fails with why, at once. */
class DockerTargetKilledIT {
  private static final String AGENT = "it-killed-" + Long.toHexString(System.nanoTime());
  @TempDir
  static Path work;
  private static AgentServer agent;

  @BeforeAll
  static void startAgent() {
    assumeTrue(Docker.answers(), "no Docker engine answers: start dockerd (scripts/setup.sh --tests does)");
    agent = AgentAssembly.start(new AgentSettings(AGENT, "127.0.0.1", 0, Duration.ofSeconds(10),
        AgentLimitsConfig.DEFAULT, Set.of(), Optional.empty(), Optional.of("docker"), work.resolve("agent")));
  }

  @AfterAll
  static void stopAgent() throws IOException {
    if (agent != null) {
      agent.close();
    }
    List<String> left = Docker.containers("gauntlet.agent=" + AGENT);
    Docker.removeForce(left);
    assertThat(left).as("containers left by the run").isEmpty();
  }

  /** Kills the cell's container at its first measured second. */
  private static final class Killer implements Progress {
    final AtomicReference<String> killed = new AtomicReference<>();
    volatile long killedNanos;

    @Override
    public void second(Cell cell, Second second, int totalSeconds) {
      if (killed.get() != null) {
        return;
      }
      try {
        List<String> ids = Docker.containers("gauntlet.cell=" + cell.id());
        if (!ids.isEmpty() && killed.compareAndSet(null, ids.get(0))) {
          assertThat(Docker.run("kill", ids.get(0)).exitCode()).isZero();
          killedNanos = System.nanoTime();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void aContainerKilledMidCellFailsTheCellWithItsExitCodeAndEndsIt() {
    int port = gauntlet.agent.target.ServerPorts.freeLoopbackPort();
    Plan plan = PlanParser.parse("""
        name: killed-it
        agents:
          target: 127.0.0.1:%d
        target:
          agent: target
          runtime: go
          launcher: docker
          cpus: 1
          port: %d
        load:
          agents: [target]
          url: http://{target}:%d/json
          threads: 1
          connections: 8
          duration: 30s
          probe: 0s
        """.formatted(agent.port(), port, port), "killed-it.yaml");
    Killer killer = new Killer();

    RunResult run = new RunOrchestrator(plan, Dialer.plaintext(() -> agent), r -> { }, killer,
        Duration.ofSeconds(10)).run();
    double secondsAfterKill = (System.nanoTime() - killer.killedNanos) / 1e9;

    assertThat(killer.killed.get()).as("a container was killed").isNotNull();
    CellResult cell = run.cells().get(0);
    assertThat(CellOutcome.of(cell, plan.load().maxErrors()).status()).isEqualTo(CellStatus.FAILED);
    assertThat(cell.failure()).hasValueSatisfying(f -> assertThat(f).contains("stopped serving mid-cell")
        .contains("exited with code 137"));
    assertThat(cell.requests()).as("what was measured before is kept").isPositive();
    JsonNode json = ResultsSchema.assertValid(ResultsJsonWriter.tree(run)).get("cells").get(0);
    assertThat(json.get("status").asText()).isEqualTo("failed");
    // The run did not sit out the remaining 30 s of load against a dead container (a generous bound).
    assertThat(secondsAfterKill).isLessThan(20);
  }
}
