package gauntlet.cli.fault;

import static gauntlet.cli.fault.FaultFixtures.agentInThisJvm;
import static gauntlet.cli.fault.FaultFixtures.agentProcess;
import static gauntlet.cli.fault.FaultFixtures.assertNothingLeft;
import static gauntlet.cli.fault.FaultFixtures.controllerProcess;
import static gauntlet.cli.fault.FaultFixtures.freePort;
import static gauntlet.cli.fault.FaultFixtures.plan;
import static gauntlet.cli.fault.FaultFixtures.results;
import static gauntlet.cli.fault.FaultFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import gauntlet.agent.AgentServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A load agent killed with -9 in the middle of a cell, on loopback: the target agent runs in this
 * JVM (so the test sees its session), the load agent and the controller in JVMs of their own.
 */
class AgentLossIT {
  private static final Duration RUN_LIMIT = Duration.ofMinutes(3);
  /** The controller's progress line of the second cell's load, e.g. "[2] node 1.5 cpu    1/4 s ...". */
  private static final String SECOND_CELL_LOADING = "^cell 2/\\d+ . .* node 1\\.5 cpu +[1-9]\\d*/\\d+ s ";

  @TempDir
  Path dir;
  private String targetName;
  private AgentServer target;
  private int targetPort;
  private int attackerPort;
  private GauntletProcess attacker;
  private GauntletProcess restarted;

  @BeforeEach
  void startAgents() throws Exception {
    targetName = uniqueName("loss-target");
    target = agentInThisJvm(targetName, dir.resolve("target-agent"));
    attackerPort = freePort();
    attacker = agentProcess("attacker", attackerPort, dir.resolve("attacker"));
    targetPort = freePort();
  }

  @AfterEach
  void stopAgents() throws Exception {
    attacker.close();
    if (restarted != null) {
      restarted.close();
    }
    target.close();
  }

  private Path writePlan(String onAgentLoss) throws Exception {
    String agents = "target: 127.0.0.1:" + target.port() + "\nattacker: 127.0.0.1:" + attackerPort;
    return Files.writeString(dir.resolve("plan.yaml"),
        plan("loss", agents, "attacker", "[1, 1.5, 2]", targetPort, "4s", onAgentLoss));
  }

  /** Starts the run and kills the load agent with -9 once the second cell loads; the run goes on. */
  private GauntletProcess killTheLoadAgentInTheSecondCell(String onAgentLoss, Path out) throws Exception {
    GauntletProcess controller = controllerProcess(writePlan(onAgentLoss), out);
    try {
      controller.awaitLine(SECOND_CELL_LOADING, RUN_LIMIT);
      attacker.kill9();
      return controller;
    } catch (Exception | AssertionError e) {
      controller.close();
      throw e;
    }
  }

  /** The target agent, in this JVM, ended the run's session and left no process, cgroup or port behind. */
  private void assertTheTargetAgentLeftNothing() throws Exception {
    assertThat(target.busyWith()).isEmpty();
    assertNothingLeft(targetName, dir.resolve("target-agent"), targetPort);
  }

  @Test
  void loadAgentKilledMidCellFailsThatCellKeepsTheFinishedOneAndTheRunGoesOn() throws Exception {
    Path out = dir.resolve("out");
    try (GauntletProcess controller = killTheLoadAgentInTheSecondCell("continue", out)) {

      int exit = controller.awaitExit(RUN_LIMIT);
      assertThat(exit).as(controller.output()).isEqualTo(1);
      JsonNode cells = results(out).get("cells");
      assertThat(cells).hasSize(3);
      assertThat(cells.get(0).get("status").asText()).isEqualTo("ok");
      assertThat(cells.get(0).get("requests").asLong()).isPositive();
      assertThat(cells.get(1).get("status").asText()).isEqualTo("failed");
      assertThat(cells.get(1).get("failure").asText()).startsWith("Agent 'attacker'")
          .containsAnyOf("was lost", "is unreachable");
      assertThat(cells.get(2).get("status").asText()).isEqualTo("failed");
      assertThat(cells.get(2).get("failure").asText())
          .startsWith("agent 'attacker' is unavailable: Agent 'attacker' at 127.0.0.1:" + attackerPort + " is unreachable");
      assertThat(controller.output()).contains("[2] node 1.5 cpu: FAILED: Agent 'attacker'");
      assertThat(out.resolve("ledger.md")).exists();
    }
    assertTheTargetAgentLeftNothing();
  }

  @Test
  void withAbortTheRunStopsAfterTheCellOfTheLostAgent() throws Exception {
    Path out = dir.resolve("out");
    try (GauntletProcess controller = killTheLoadAgentInTheSecondCell("abort", out)) {

      assertThat(controller.awaitExit(RUN_LIMIT)).as(controller.output()).isEqualTo(1);
      JsonNode cells = results(out).get("cells");
      assertThat(cells).hasSize(2);
      assertThat(cells.get(0).get("status").asText()).isEqualTo("ok");
      assertThat(cells.get(1).get("failure").asText()).startsWith("Agent 'attacker'");
      assertThat(controller.output()).contains("stopping the run: an agent was lost and on_agent_loss is abort");
    }
    assertTheTargetAgentLeftNothing();
  }

  @Test
  void agentRestartedDuringTheRunIsReconnectedForTheNextCell() throws Exception {
    Path out = dir.resolve("out");
    try (GauntletProcess controller = killTheLoadAgentInTheSecondCell("continue", out)) {
      // As systemd would: the same agent on the same address, a moment later.
      restarted = agentProcess("attacker", attackerPort, dir.resolve("attacker"));

      int exit = controller.awaitExit(RUN_LIMIT);
      assertThat(exit).as("a cell failed: " + controller.output()).isEqualTo(1);
      JsonNode cells = results(out).get("cells");
      assertThat(cells).extracting(c -> c.get("status").asText()).containsExactly("ok", "failed", "ok");
      assertThat(cells.get(2).get("requests").asLong()).isPositive();
      assertThat(controller.output()).contains("agent 'attacker' is back; continuing");
      assertThat(restarted.output()).contains("Session opened for run 'loss-");
    }
    assertTheTargetAgentLeftNothing();
  }
}
