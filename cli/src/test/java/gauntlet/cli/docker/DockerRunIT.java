package gauntlet.cli.docker;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.controller.report.ResultsSchema;
import gauntlet.controller.report.ResultsJsonWriter;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.PlanParser;
import gauntlet.controller.report.CellResult;
import gauntlet.controller.report.RunResult;
import gauntlet.cli.Dialer;
import gauntlet.controller.run.Progress;
import gauntlet.controller.run.RunOrchestrator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The article's method end to end: each server in a container with a CPU and memory quota. */
class DockerRunIT {
  @TempDir
  static Path work;
  private static DockerAgent agent;

  @BeforeAll
  static void startAgent() {
    agent = DockerAgent.start("it-docker", work, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stopAgent() throws IOException {
    if (agent != null) {
      agent.close();
    }
  }

  private static Plan plan(String cpus, boolean cluster) {
    int port = freePort();
    return PlanParser.parse("""
        name: docker-it
        agents:
          target: 127.0.0.1:%d
        target:
          agent: target
          runtime: [node, bun, go]
          launcher: docker
          cpus: %s
          memory: 512m
          cluster: %s
          port: %d
        load:
          agents: [target]
          url: http://{target}:%d/json
          threads: 1
          connections: 32
          duration: 3s
          warmup: 1s
          probe: 0s
        """.formatted(agent.port(), cpus, cluster, port, port), "docker-it.yaml");
  }

  /** While each cell's load runs, asks the engine what quota its container really has. */
  private static final class InspectingProgress implements Progress {
    final Map<String, String> limits = new ConcurrentHashMap<>();

    @Override
    public void second(Cell cell, Second second, int totalSeconds) {
      limits.computeIfAbsent(cell.id(), id -> {
        try {
          List<String> ids = Docker.containers("gauntlet.cell=" + id);
          return ids.isEmpty() ? "none" : Docker.inspect(ids.get(0), "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  @Test
  void oneCpuQuotaHoldsForEveryServerAndNoContainerOutlivesTheRun() throws IOException {
    InspectingProgress progress = new InspectingProgress();
    RunResult run = new RunOrchestrator(plan("1", false), Dialer.plaintext(agent::server), r -> { }, progress,
        Duration.ofSeconds(10)).run();
    ResultsSchema.assertValid(ResultsJsonWriter.tree(run));

    assertThat(run.cells()).hasSize(3);
    for (CellResult cell : run.cells()) {
      assertThat(cell.failure()).as(cell.cell().id()).isEmpty();
      assertThat(cell.launcher()).isEqualTo("docker");
      assertThat(cell.requests()).isPositive();
      assertThat(cell.errors().total()).isZero();
      assertThat(cell.target().cpuPeakPct()).as("peak CPU of " + cell.cell().id()).isPositive().isLessThanOrEqualTo(115);
      assertThat(progress.limits.get(cell.cell().id())).isEqualTo("1000000000 536870912");
    }
    assertThat(Docker.containers("gauntlet.run=" + run.runId())).isEmpty();
  }

  @Test
  void clusteredNodeAndBunRunSeveralServerProcessesInTheirContainer() {
    RunResult run = new RunOrchestrator(plan("2", true), Dialer.plaintext(agent::server), r -> { }, Progress.SILENT,
        Duration.ofSeconds(10)).run();
    ResultsSchema.assertValid(ResultsJsonWriter.tree(run));

    assertThat(run.cells()).extracting(c -> c.cell().id())
        .containsExactly("node-2cpu-cluster", "bun-2cpu-cluster", "go-2cpu-cluster");
    for (CellResult cell : run.cells()) {
      assertThat(cell.failure()).as(cell.cell().id()).isEmpty();
    }
    // A primary (node) or launcher (bun) and one server per CPU.
    assertThat(run.cells().get(0).target().processes()).isEqualTo(3);
    assertThat(run.cells().get(1).target().processes()).isEqualTo(3);
    assertThat(run.cells().get(2).target().processes()).isEqualTo(1);
  }

  static int freePort() {
    return gauntlet.agent.target.ServerPorts.freeLoopbackPort();
  }
}
