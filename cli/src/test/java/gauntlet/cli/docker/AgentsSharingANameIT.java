package gauntlet.cli.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gauntlet.agent.AgentAssembly;
import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.agent.target.ProcessIdentity;
import gauntlet.agent.target.ServerPorts;
import gauntlet.controller.run.AgentConnection;
import gauntlet.controller.run.LeasedSession;
import gauntlet.v1.TargetSpec;
import gauntlet.v1.TargetStarted;
import io.grpc.InsecureChannelCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every in-process agent is called {@code local}. While one serves a run, another agent of that
 * name starts (a second demo, {@code gauntlet agent --name local}) and {@code gauntlet agents}
 * checks a plan: the running target survives both. What an agent whose process has ended left is
 * removed by the next agent that starts, and never by the check.
 */
class AgentsSharingANameIT {
  private static final Duration LEASE = Duration.ofSeconds(10);
  /** Labels every container this test makes by hand, so that it removes exactly those. */
  private final String testLabel = "gauntlet.test=agents-sharing-a-name-" + UUID.randomUUID();
  @TempDir
  Path dir;
  private AgentServer live;
  private AgentConnection connection;
  private LeasedSession session;
  private ScheduledExecutorService scheduler;
  private final List<Process> children = new ArrayList<>();

  @BeforeEach
  void startALiveLocalAgentWithATarget() {
    assumeTrue(Docker.answers(), "no Docker engine answers: start dockerd (scripts/setup.sh --tests does)");
    live = AgentAssembly.start(new AgentSettings("local", "127.0.0.1", 0, LEASE, AgentLimitsConfig.DEFAULT, Set.of(),
        Optional.empty(), Optional.of("docker"), dir.resolve("live-agent")));
    scheduler = Executors.newSingleThreadScheduledExecutor();
    connection = AgentConnection.open("local", "127.0.0.1", live.port(), InsecureChannelCredentials.create(), null);
    session = LeasedSession.open(connection, "live-run", "AgentsSharingANameIT", LEASE, scheduler);
  }

  @AfterEach
  void stopEverything() throws IOException, InterruptedException {
    for (Process child : children) {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (session != null) {
      session.close();
    }
    if (connection != null) {
      connection.close();
    }
    if (live != null) {
      live.close();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    Docker.removeForce(Docker.containers(testLabel));
    Docker.removeForce(Docker.containers("gauntlet.run=live-run"));
  }

  @Test
  void aLiveAgentsTargetSurvivesAnotherLocalAgentAndACheckWhileADeadOnesLeftoverGoes() throws Exception {
    TargetStarted target = session.startTarget("live", TargetSpec.newBuilder().setRuntime("go").setLauncher("docker")
        .setCpus(0.5).setMemoryBytes(64L << 20).setPort(ServerPorts.freeLoopbackPort()).setBindHost("127.0.0.1")
        .build(), Duration.ofMinutes(10));
    String image = Docker.inspect(target.getHandle(), "{{.Config.Image}}");
    String deadLeftover = leftoverOfAnAgentWhoseProcessEnded(image);

    // A second agent called local, in a JVM of its own, as a second demo or gauntlet agent --name local.
    Path log = dir.resolve("second-agent.log");
    start(log, "agent", "--listen", "127.0.0.1:" + ServerPorts.freeLoopbackPort(), "--name", "local",
        "--work-dir", dir.resolve("second-agent").toString(), "--launcher", "docker");
    awaitLine(log, "Agent 'local' listening on");
    assertThat(Files.readString(log)).contains("Removed container", "its process", "has ended");
    assertThat(running(target.getHandle())).as("the live run's target after another local agent started").isTrue();
    assertThat(Docker.run("inspect", deadLeftover).exitCode()).as("the dead agent's leftover").isNotZero();

    // The read-only check: it starts an in-process local agent of its own, which removes nothing.
    String secondLeftover = leftoverOfAnAgentWhoseProcessEnded(image);
    Path plan = Files.writeString(dir.resolve("plan.yaml"), """
        name: check
        agents: {box: local}
        target: {agent: box, runtime: go, launcher: docker, port: %d}
        load: {agents: box, url: 'http://{target}:%d/json', duration: 5s, probe: 0s}
        """.formatted(ServerPorts.freeLoopbackPort(), 3000));
    Process check = start(dir.resolve("check.log"), "agents", plan.toString());
    assertThat(check.waitFor(3, TimeUnit.MINUTES)).as(Files.readString(dir.resolve("check.log"))).isTrue();
    assertThat(running(target.getHandle())).as("the live run's target after gauntlet agents").isTrue();
    assertThat(Docker.run("inspect", secondLeftover).exitCode()).as("a leftover after gauntlet agents").isZero();
    assertThat(live.busyWith()).contains("live-run");
  }

  /** A container labelled as started by an agent whose process has ended: what kill -9 of an agent leaves. */
  private String leftoverOfAnAgentWhoseProcessEnded(String image) throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "600").start();
    ProcessIdentity ended = ProcessIdentity.of(sleeper.pid()).orElseThrow();
    sleeper.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    Docker.Result created = Docker.run("run", "-d", "--label", testLabel, "--label", "gauntlet.agent=local",
        "--label", "gauntlet.run=crashed-run", "--label", "gauntlet.instance=" + UUID.randomUUID(),
        "--label", "gauntlet.owner=" + ended.text(), image);
    assertThat(created.exitCode()).as(created.output()).isZero();
    return created.output().strip();
  }

  private static boolean running(String container) throws IOException {
    return Docker.inspect(container, "{{.State.Running}}").equals("true");
  }

  private Process start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "gauntlet.cli.Gauntlet"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    children.add(process);
    return process;
  }

  private static void awaitLine(Path log, String text) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    throw new AssertionError("no '" + text + "' within 3 minutes:\n" + Files.readString(log));
  }
}
