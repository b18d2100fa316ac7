package gauntlet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code run} (and {@code agents}) refuse before anything starts: a plan its agents cannot
 * serve (the same line from both commands), a lease outside what agents accept, and an output
 * folder that cannot be written (found only after cell 1 was measured, before).
 */
class RunPreconditionsIT {
  private static final String LOCAL_PLAN = """
      name: preconditions
      agents:
        local: local
      target:
        agent: local
        runtime: %s
        launcher: process
        port: 3999
      load:
        agents: [local]
        url: http://{target}:3999/json
        duration: %s
        probe: 0s
      """;

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"nginx:1.27|2s", "go|3h"})
  void agentsRefusesWithRunsLineAPlanThatRunRefuses(String runtimeAndDuration) throws Exception {
    String[] parts = runtimeAndDuration.split("\\|");
    Path plan = Files.writeString(dir.resolve("plan.yaml"), LOCAL_PLAN.formatted(parts[0], parts[1]));

    CommandLineUser run = new CommandLineUser();
    assertThat(run.run("run", plan.toString(), "--out", dir.resolve("out").toString())).as(run.err()).isEqualTo(2);
    List<String> runLines = run.err().lines().filter(l -> l.startsWith("gauntlet: ")).toList();
    assertThat(runLines).hasSize(1);

    CommandLineUser agents = new CommandLineUser();
    assertThat(agents.run("agents", plan.toString())).as(agents.err()).isEqualTo(2);
    assertThat(agents.err().lines().filter(l -> l.startsWith("gauntlet: "))).containsExactlyElementsOf(runLines);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "1ms", "999ms", "11m"})
  void aLeaseOutsideWhatAgentsAcceptIsRefusedSayingTheRange(String lease) throws Exception {
    try (CountingListener agent = new CountingListener()) {
      Path plan = agent.plan(dir);
      CommandLineUser user = new CommandLineUser();
      assertThat(user.run("run", plan.toString(), "--lease", lease, "--out", dir.resolve("out").toString()))
          .isEqualTo(2);
      assertThat(user.err()).contains("--lease must be between 1s and 10m, not ");
      assertThat(agent.accepted()).as("connections to the agent").isZero();
    }
  }

  @Test
  void anOutputFolderThatCannotBeWrittenIsRefusedBeforeAnyAgentIsContacted() throws Exception {
    // Root ignores permission bits, so these fail for root too: /proc takes no new files, and a
    // file cannot hold a folder.
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    try (CountingListener agent = new CountingListener()) {
      Path plan = agent.plan(dir);
      for (String out : List.of("/proc/gauntlet-results-" + ProcessHandle.current().pid(), file.resolve("out").toString())) {
        CommandLineUser user = new CommandLineUser();
        assertThat(user.run("run", plan.toString(), "--out", out)).as(user.err()).isEqualTo(2);
        assertThat(user.err()).startsWith("gauntlet: --out " + out + " cannot take the results: ")
            .contains("; choose another --out");
        assertThat(Files.exists(Path.of(out))).as(out + " exists").isFalse();
      }
      assertThat(agent.accepted()).as("connections to the agent").isZero();
    }
  }

  /** A TCP listener standing in for a remote agent: it only counts who connects. */
  private static final class CountingListener implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor = new Thread(this::accept, "counting-listener");

    CountingListener() throws Exception {
      socket.setSoTimeout(100);
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try (Socket s = socket.accept()) {
          accepted.incrementAndGet();
        } catch (SocketTimeoutException e) {
          // look again
        } catch (java.io.IOException e) {
          return;
        }
      }
    }

    Path plan(Path dir) throws Exception {
      return Files.writeString(dir.resolve("remote.yaml"), """
          name: remote
          agents:
            box: 127.0.0.1:%d
          target:
            agent: box
            runtime: go
            port: 3999
          load:
            agents: [box]
            url: http://{target}:3999/json
            duration: 2s
            probe: 0s
          """.formatted(socket.getLocalPort()));
    }

    int accepted() {
      return accepted.get();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      acceptor.join(5000);
    }
  }
}
