package gauntlet.cli.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller that dies or goes silent mid-cell: the agent removes the container it started for
 * it, within the lease. The controller runs in its own JVM so that it can really be killed.
 */
class ControllerLossIT {
  private static final Duration LEASE = Duration.ofSeconds(10);
  @TempDir
  static Path work;
  private static DockerAgent agent;
  private Process controller;

  @BeforeAll
  static void startAgent() {
    agent = DockerAgent.start("it-loss", work, LEASE);
  }

  @AfterAll
  static void stopAgent() throws IOException {
    if (agent != null) {
      agent.close();
    }
  }

  @AfterEach
  void killController() {
    if (controller != null) {
      controller.destroyForcibly();
    }
  }

  @Test
  void killedControllersContainerIsRemovedAtOnce(@TempDir Path dir) throws Exception {
    String container = startControllerAndAwaitItsContainer(dir);

    long killed = System.nanoTime();
    controller.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    Duration gone = awaitRemoval(container, Duration.ofSeconds(30));

    System.out.printf("kill -9 of the controller: container removed after %d ms%n", gone.toMillis());
    assertThat(gone).isLessThanOrEqualTo(Duration.ofSeconds(15));
    assertThat(agent.server().busyWith()).isEmpty();
  }

  @Test
  void silentControllersContainerIsRemovedWhenTheLeaseExpires(@TempDir Path dir) throws Exception {
    String container = startControllerAndAwaitItsContainer(dir);

    // Frozen, not dead: its connection stays open, only the heartbeats stop, as when a network drops.
    new ProcessBuilder("kill", "-STOP", Long.toString(controller.pid())).start().waitFor(10, TimeUnit.SECONDS);
    Duration gone = awaitRemoval(container, Duration.ofSeconds(40));

    System.out.printf("frozen controller: container removed after %d ms (lease %d s)%n", gone.toMillis(),
        LEASE.toSeconds());
    assertThat(gone).isGreaterThanOrEqualTo(LEASE.minusSeconds(2)).isLessThanOrEqualTo(Duration.ofSeconds(15));
  }

  private String startControllerAndAwaitItsContainer(Path dir) throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path plan = Files.writeString(dir.resolve("plan.yaml"), """
        name: loss
        agents: {target: '127.0.0.1:%d'}
        target: {agent: target, runtime: go, launcher: docker, cpus: 1, port: %d}
        load: {agents: target, url: 'http://{target}:%d/json', threads: 1, connections: 4, duration: 5m, probe: 0s}
        """.formatted(agent.port(), port, port));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    controller = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "gauntlet.cli.Gauntlet", "run", plan.toString(), "--out", dir.resolve("out").toString(),
        "--lease", LEASE.toSeconds() + "s")
        .redirectErrorStream(true).redirectOutput(dir.resolve("controller.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      List<String> running = agent.containers();
      if (!running.isEmpty() && Docker.inspect(running.get(0), "{{.State.Running}}").equals("true")
          && Files.readString(dir.resolve("controller.log")).contains("req/s")) {
        return running.get(0);
      }
      assertThat(controller.isAlive()).as(Files.readString(dir.resolve("controller.log"))).isTrue();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
    throw new AssertionError("The controller's cell never started loading:\n" + Files.readString(dir.resolve("controller.log")));
  }

  private static Duration awaitRemoval(String container, Duration limit) throws IOException {
    long start = System.nanoTime();
    while (System.nanoTime() - start < limit.toNanos()) {
      if (Docker.run("inspect", container).exitCode() != 0) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    return limit;
  }
}
