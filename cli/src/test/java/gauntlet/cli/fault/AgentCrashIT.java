package gauntlet.cli.fault;

import static gauntlet.cli.fault.FaultFixtures.AGENT_START;
import static gauntlet.cli.fault.FaultFixtures.assertNothingLeft;
import static gauntlet.cli.fault.FaultFixtures.controllerProcess;
import static gauntlet.cli.fault.FaultFixtures.freePort;
import static gauntlet.cli.fault.FaultFixtures.plan;
import static gauntlet.cli.fault.FaultFixtures.results;
import static gauntlet.cli.fault.FaultFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gauntlet.agent.target.ProcessIdentity;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kill -9} of an agent while its process target runs. Without a writable cgroup (agents
 * under {@code ip netns exec}; here an agent whose /sys/fs/cgroup is an empty tmpfs in a mount
 * namespace of its own) the server runs on as a child of init; with cgroups its folder stays. The
 * agent started again on the same folder stops the server, removes what it left, says so, and the
 * next run on the same port works.
 */
class AgentCrashIT {
  private static final Duration RUN_LIMIT = Duration.ofMinutes(3);
  private static final String LOADING = "^cell 1/\\d+ . .* node 1 cpu +[1-9]\\d*/\\d+ s ";

  @TempDir
  Path dir;
  private final List<GauntletProcess> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (GauntletProcess process : processes) {
      process.close();
    }
  }

  @ParameterizedTest(name = "cgroups writable: {0}")
  @ValueSource(booleans = {false, true})
  void theRestartedAgentStopsAndRemovesWhatTheKilledOneLeft(boolean cgroups) throws Exception {
    assumeTrue(cgroups || TestNamespace.possibleHere(), "an agent without cgroups needs root for its mount namespace");
    String name = uniqueName("crash");
    int agentPort = freePort();
    int targetPort = freePort();
    Path work = Files.createDirectories(dir.resolve("agent"));
    GauntletProcess first = agent(name, agentPort, work, cgroups ? List.of() : List.of("unshare", "--mount",
        "--propagation", "private", "sh", "-c", "mount -t tmpfs gd-no-cgroups /sys/fs/cgroup && exec \"$@\"", "sh"));
    String agents = "target: 127.0.0.1:" + agentPort;
    Path plan = Files.writeString(dir.resolve("plan.yaml"), plan("crash", agents, "target", "1", targetPort, "2m",
        "continue"));
    GauntletProcess controller = track(controllerProcess(plan, dir.resolve("out-1")));
    controller.awaitLine(LOADING, RUN_LIMIT);
    Path folder = onlyTargetFolder(work.resolve("targets"));
    ProcessIdentity server = serverOf(folder);
    if (!cgroups) {
      assertThat(first.output()).contains("cgroups are not writable");
    }

    first.kill9();
    controller.kill9();
    if (!cgroups) {
      assertThat(server.liveness()).as("the server, orphaned by kill -9 of its agent").isEqualTo(ProcessIdentity.Liveness.ALIVE);
    }

    GauntletProcess second = agent(name, agentPort, work, List.of());
    String removed = second.awaitLine("Removed the target of agent '" + name + "'", Duration.ofSeconds(5));
    System.out.println("restarted agent (cgroups " + cgroups + "): " + removed);
    assertThat(removed).contains("run 'crash", "removed folder " + folder);
    if (!cgroups) {
      assertThat(removed).contains("stopped server pid " + server.pid());
    }
    assertThat(server.liveness()).isNotEqualTo(ProcessIdentity.Liveness.ALIVE);
    assertThat(folder).doesNotExist();

    // The next run on the same port works.
    Path again = Files.writeString(dir.resolve("again.yaml"), plan("again", agents, "target", "1", targetPort, "2s",
        "continue"));
    GauntletProcess next = track(controllerProcess(again, dir.resolve("out-2")));
    assertThat(next.awaitExit(RUN_LIMIT)).as(next.output()).isZero();
    assertThat(results(dir.resolve("out-2")).get("cells").get(0).get("status").asText()).isEqualTo("ok");
    second.close();
    assertNothingLeft(name, work, targetPort);
  }

  private GauntletProcess agent(String name, int port, Path work, List<String> wrapper) throws Exception {
    GauntletProcess agent = track(GauntletProcess.startWrapped("agent " + name, dir, wrapper, "agent", "--listen",
        "127.0.0.1:" + port, "--name", name, "--work-dir", work.toString(), "--launcher", "process"));
    agent.awaitLine("Agent '" + name + "' listening on", AGENT_START);
    return agent;
  }

  private GauntletProcess track(GauntletProcess process) {
    processes.add(process);
    return process;
  }

  private static Path onlyTargetFolder(Path targets) throws IOException {
    try (Stream<Path> folders = Files.list(targets)) {
      List<Path> all = folders.filter(Files::isDirectory).toList();
      assertThat(all).as("target folders in " + targets).hasSize(1);
      return all.get(0);
    }
  }

  /** The server's pid and start time, as the agent recorded them in the target's folder. */
  private static ProcessIdentity serverOf(Path folder) throws IOException {
    Properties record = new Properties();
    try (Reader in = Files.newBufferedReader(folder.resolve(".gauntlet-target"))) {
      record.load(in);
    }
    return ProcessIdentity.parse(record.getProperty("process")).orElseThrow(
        () -> new AssertionError("no server process in the record of " + folder + ": " + record));
  }
}
