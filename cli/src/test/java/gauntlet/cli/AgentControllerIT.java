package gauntlet.cli;

import gauntlet.controller.report.ResultsSchema;
import gauntlet.controller.report.ResultsJsonWriter;
import gauntlet.controller.run.PreflightException;

import gauntlet.controller.run.Progress;

import gauntlet.controller.run.RunOrchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.agent.AgentAssembly;
import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.PlanParser;
import gauntlet.controller.report.CellResult;
import gauntlet.controller.report.RunResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A controller and a real agent over gRPC on loopback, against the real servers. */
class AgentControllerIT {
  @TempDir
  static Path work;
  private static AgentServer agent;

  @BeforeAll
  static void startAgent() {
    agent = AgentAssembly.start(new AgentSettings("it-agent", "127.0.0.1", 0, Duration.ofSeconds(10),
        AgentLimitsConfig.DEFAULT, Set.of(), Optional.empty(), Optional.of("process"), work.resolve("agent")));
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  private static Plan plan(String runtimes, int port, String extra) {
    return PlanParser.parse("""
        name: it
        agents:
          target: 127.0.0.1:%d
        target:
          agent: target
          runtime: [%s]
          launcher: process
          cpus: 1
          memory: 512m
          port: %d
        load:
          agents: [target]
          url: http://{target}:%d/json
          threads: 1
          connections: 16
          duration: 2s
          warmup: 500ms
          probe: 500ms
        %s""".formatted(agent.port(), runtimes, port, port, extra), "it.yaml");
  }

  @Test
  void everyServerIsBenchmarkedThroughTheAgentAndLeftStopped() throws Exception {
    String autoTransport;
    try (gauntlet.agent.load.LoadEngine engine = new gauntlet.agent.load.LoadEngine()) {
      autoTransport = engine.transport();
    }
    int port = freePort();
    List<RunResult> recorded = new ArrayList<>();
    RunResult run = new RunOrchestrator(plan("node, bun, go", port, ""), Dialer.plaintext(() -> agent),
        recorded::add, Progress.SILENT, Duration.ofSeconds(10)).run();
    ResultsSchema.assertValid(ResultsJsonWriter.tree(run));

    assertThat(run.cells()).extracting(c -> c.cell().runtime()).containsExactly("node", "bun", "go");
    for (CellResult cell : run.cells()) {
      assertThat(cell.failure()).as(cell.cell().id()).isEmpty();
      assertThat(cell.launcher()).isEqualTo("process");
      assertThat(cell.requests()).isGreaterThan(100);
      assertThat(cell.histogram().getTotalCount()).isEqualTo(cell.requests());
      assertThat(cell.errors().total()).isZero();
      assertThat(cell.durationSeconds()).isBetween(1.9, 2.1);
      assertThat(cell.intervals()).hasSize(2);
      assertThat(cell.target().samples()).isGreaterThanOrEqualTo(1);
      assertThat(cell.target().cpuPeakPct()).isPositive().isLessThanOrEqualTo(115);
      assertThat(cell.target().memPeakBytes()).isPositive();
      assertThat(cell.network()).singleElement().satisfies(p -> assertThat(p.bitsPerSecond()).isPositive());
      assertThat(cell.agents()).singleElement().satisfies(a -> assertThat(a.requests()).isEqualTo(cell.requests()));
      // The transport the agent's engine ran on comes back over the wire: auto's pick on this machine.
      assertThat(cell.agents().get(0).transport()).isEqualTo(autoTransport);
    }
    // Results were recorded after every cell, each time with one more.
    assertThat(recorded).extracting(r -> r.cells().size()).containsExactly(1, 2, 3);
    // Nothing is left listening, and the agent is free for the next run.
    assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    assertThat(agent.busyWith()).isEmpty();
  }

  @Test
  void repeatedCellsRunInRoundsAndEveryRepetitionIsRecordedAsItEnds() throws Exception {
    int port = freePort();
    List<RunResult> recorded = new ArrayList<>();
    RunResult run = new RunOrchestrator(plan("go, go", port, "repeat: 2\norder: rotated\n"),
        Dialer.plaintext(() -> agent), recorded::add, Progress.SILENT, Duration.ofSeconds(10)).run();
    ResultsSchema.assertValid(ResultsJsonWriter.tree(run));

    assertThat(run.cells()).extracting(c -> c.cell().id()).containsExactly("go-1cpu", "go-1cpu-2");
    assertThat(run.schedule().rounds()).containsExactly(List.of("go-1cpu", "go-1cpu-2"), List.of("go-1cpu-2", "go-1cpu"));
    for (CellResult cell : run.cells()) {
      List<CellResult> runs = run.runsOf(cell);
      assertThat(runs).hasSize(2).allSatisfy(r -> assertThat(r.failure()).isEmpty());
      assertThat(cell.requests()).as("the summary adds its repetitions up")
          .isEqualTo(runs.get(0).requests() + runs.get(1).requests());
      assertThat(cell.histogram().getTotalCount()).isEqualTo(cell.requests());
    }
    // Written after every repetition: an interrupted run keeps each one it finished.
    assertThat(recorded).extracting(r -> r.repetitions().values().stream().mapToInt(List::size).sum())
        .containsExactly(1, 2, 3, 4);
    assertThat(agent.busyWith()).isEmpty();
  }

  @Test
  void targetThatCannotStartFailsItsCellWithTheReasonAndTheRunGoesOn() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      RunResult run = new RunOrchestrator(plan("go", taken.getLocalPort(), ""), Dialer.plaintext(() -> agent),
          r -> { }, Progress.SILENT, Duration.ofSeconds(10)).run();
      ResultsSchema.assertValid(ResultsJsonWriter.tree(run));

      assertThat(run.cells()).singleElement().satisfies(cell -> {
        assertThat(cell.failed()).isTrue();
        assertThat(cell.failure().orElseThrow())
            .contains("Port " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
      });
    }
  }

  @Test
  void unreachableAgentIsAPreflightErrorNamingItsAddress() throws Exception {
    int closed = freePort();
    Plan plan = PlanParser.parse("""
        agents: {target: '127.0.0.1:%d'}
        target: {agent: target, runtime: go}
        load: {agents: target, url: 'http://{target}:3000/json'}
        """.formatted(closed), "it.yaml");
    assertThatThrownBy(() -> new RunOrchestrator(plan, Dialer.plaintext(() -> agent), r -> { }, Progress.SILENT,
        Duration.ofSeconds(10)).run())
        .isInstanceOf(PreflightException.class)
        .hasMessageStartingWith("Agent 'target' at 127.0.0.1:" + closed + " is unreachable while opening a session");
  }

  static int freePort() throws IOException {
    return gauntlet.agent.target.ServerPorts.freeLoopbackPort();
  }
}
