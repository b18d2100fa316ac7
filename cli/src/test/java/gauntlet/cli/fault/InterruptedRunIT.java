package gauntlet.cli.fault;

import static gauntlet.cli.fault.FaultFixtures.agentInThisJvm;
import static gauntlet.cli.fault.FaultFixtures.assertNothingLeft;
import static gauntlet.cli.fault.FaultFixtures.controllerProcess;
import static gauntlet.cli.fault.FaultFixtures.freePort;
import static gauntlet.cli.fault.FaultFixtures.listening;
import static gauntlet.cli.fault.FaultFixtures.plan;
import static gauntlet.cli.fault.FaultFixtures.results;
import static gauntlet.cli.fault.FaultFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import gauntlet.agent.AgentServer;
import gauntlet.cli.Gauntlet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A controller interrupted with Ctrl-C mid-cell, and a second controller at a busy agent, on
 * loopback: the agent (target and load in one) runs in this JVM so the test sees its session; the
 * controller runs in a JVM of its own. A controller killed with -9 or frozen is
 * gauntlet.cli.docker.ControllerLossIT.
 */
class InterruptedRunIT {
  private static final Duration RUN_LIMIT = Duration.ofMinutes(3);

  @TempDir
  Path dir;
  private String agentName;
  private AgentServer agent;
  private int targetPort;

  @BeforeEach
  void startAgent() {
    agentName = uniqueName("ctl-loss");
    agent = agentInThisJvm(agentName, dir.resolve("agent"));
    targetPort = freePort();
  }

  @AfterEach
  void stopAgent() {
    agent.close();
  }

  private Path writePlan(String name, String cpus, String duration) throws Exception {
    return Files.writeString(dir.resolve(name + ".yaml"),
        plan(name, "target: 127.0.0.1:" + agent.port(), "target", cpus, targetPort, duration, "continue"));
  }

  /** Waits until the controller's cell is loading, and checks its target is up. */
  private void awaitLoad(GauntletProcess controller, String cell) throws Exception {
    controller.awaitLine("^cell " + cell + "/\\d+ . .* node .* +[1-9]\\d*/\\d+ s ", RUN_LIMIT);
    assertThat(agent.busyWith()).isPresent();
    assertThat(listening(targetPort)).as("the target runs").isTrue();
  }

  @Test
  void ctrlCStopsLoadAndTargetKeepsWhatWasMeasuredAndExits130() throws Exception {
    Path out = dir.resolve("out");
    try (GauntletProcess controller = controllerProcess(writePlan("interrupted", "[1, 1.5, 2]", "4s"), out)) {
      awaitLoad(controller, "2");

      controller.signal("INT");
      assertThat(controller.awaitExit(Duration.ofSeconds(60))).as(controller.output()).isEqualTo(130);
      assertThat(controller.output()).contains("interrupted: stopping the load and the targets")
          .contains("interrupted: 1 finished cell(s) kept in " + out.toAbsolutePath());
    }
    JsonNode cells = results(out).get("cells");
    assertThat(cells).hasSize(2);
    assertThat(cells.get(0).get("status").asText()).isEqualTo("ok");
    assertThat(cells.get(0).get("requests").asLong()).isPositive();
    assertThat(cells.get(1).get("status").asText()).isEqualTo("failed");
    assertThat(cells.get(1).get("failure").asText()).startsWith("interrupted");
    assertThat(out.resolve("ledger.md")).exists();
    assertThat(out.resolve("node-1cpu.hlog")).exists();
    // Ctrl-C ends the session in order: nothing waits for a lease.
    assertThat(agent.busyWith()).isEmpty();
    assertNothingLeft(agentName, dir.resolve("agent"), targetPort);
  }

  @Test
  void sigtermStopsTheRunLikeCtrlCAndExits143() throws Exception {
    Path out = dir.resolve("out");
    try (GauntletProcess controller = controllerProcess(writePlan("terminated", "[1, 1.5]", "4s"), out)) {
      awaitLoad(controller, "1");

      controller.signal("TERM");
      assertThat(controller.awaitExit(Duration.ofSeconds(60))).as(controller.output()).isEqualTo(143);
      assertThat(controller.output()).contains("interrupted: stopping the load and the targets");
    }
    assertThat(results(out).get("cells").get(0).get("status").asText()).isEqualTo("failed");
    assertThat(agent.busyWith()).isEmpty();
    assertNothingLeft(agentName, dir.resolve("agent"), targetPort);
  }

  @Test
  void secondControllerIsToldTheAgentIsBusyWithTheFirstOnesRun() throws Exception {
    Path first = writePlan("first", "1", "6s");
    Path second = writePlan("second", "1", "2s");
    try (GauntletProcess controller = controllerProcess(first, dir.resolve("out-first"))) {
      String runId = controller.awaitGroup("gauntlet: run (first-\\S+), ", RUN_LIMIT);
      awaitLoad(controller, "1");

      StringWriter err = new StringWriter();
      CommandLine cli = Gauntlet.commandLine();
      cli.setOut(new PrintWriter(new StringWriter(), true));
      cli.setErr(new PrintWriter(err, true));
      int code = cli.execute("run", second.toString(), "--out", dir.resolve("out-second").toString());

      assertThat(code).isEqualTo(2);
      assertThat(err.toString().lines()).singleElement().asString()
          .startsWith("gauntlet: Agent 'target' failed while opening a session: Agent busy with run '" + runId
              + "' of controller ");
      assertThat(dir.resolve("out-second")).doesNotExist();
      assertThat(controller.awaitExit(RUN_LIMIT)).as("the first run is undisturbed: " + controller.output()).isZero();
      assertThat(results(dir.resolve("out-first")).get("cells").get(0).get("status").asText()).isEqualTo("ok");
    }
    assertNothingLeft(agentName, dir.resolve("agent"), targetPort);
  }
}
