package gauntlet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.agent.AgentAssembly;
import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.agent.target.ServerPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gauntlet agents} against a real agent over gRPC, and an address where none listens. */
class AgentsCommandIT {
  @TempDir
  static Path work;
  private static AgentServer agent;
  private final CommandLineUser user = new CommandLineUser();

  @BeforeAll
  static void startAgent() {
    agent = AgentAssembly.start(new AgentSettings("it-agents", "127.0.0.1", 0, Duration.ofSeconds(10),
        AgentLimitsConfig.DEFAULT, Set.of(), Optional.empty(), Optional.of("process"), work.resolve("agent")));
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  private int gauntlet(String... args) {
    return user.run(args);
  }

  private Path plan(String agents, String loaders) throws Exception {
    return Files.writeString(Files.createTempDirectory(work, "plan").resolve("plan.yaml"), """
        name: agents-it
        agents:
        %s
        target: {agent: target, runtime: go, launcher: process}
        load: {agents: [%s], url: 'http://{target}:3000/json'}
        """.formatted(agents, loaders));
  }

  @Test
  void reachableAgentIsDescribedWithItsClockAndTheCommandSucceeds() throws Exception {
    int code = gauntlet("agents", plan("  target: 127.0.0.1:" + agent.port(), "target").toString());

    assertThat(code).as(user.err()).isZero();
    String row = user.out().lines().filter(l -> l.startsWith("target ")).findFirst().orElseThrow();
    assertThat(row).contains("127.0.0.1:" + agent.port(), " yes ", " process", "go ")
        .containsPattern("[+-]\\d+\\.\\d\\d ms \\(rtt \\d+\\.\\d\\d ms\\)");
    assertThat(row).contains(" " + Runtime.getRuntime().availableProcessors() + " ");
  }

  @Test
  void unreachableAgentIsReportedWithItsErrorAndTheCommandExitsTwo() throws Exception {
    int closed = ServerPorts.freeLoopbackPort();
    int code = gauntlet("agents", plan("  target: 127.0.0.1:" + agent.port() + "\n  gone: 127.0.0.1:" + closed,
        "gone").toString());

    assertThat(code).isEqualTo(2);
    assertThat(user.out()).containsPattern("(?m)^target +127\\.0\\.0\\.1:\\d+ +yes ")
        .containsPattern("(?m)^gone +127\\.0\\.0\\.1:" + closed + " +no ")
        .contains("gone: NOT USABLE: Agent 'gone' at 127.0.0.1:" + closed + " is unreachable while describing itself");
    assertThat(user.err()).contains("1 of 2 agents cannot serve plan 'agents-it'");
  }
}
