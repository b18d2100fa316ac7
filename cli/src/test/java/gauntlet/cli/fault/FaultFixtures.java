package gauntlet.cli.fault;

import gauntlet.controller.report.ResultsSchema;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.agent.AgentAssembly;
import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.agent.target.ServerPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the fault tests share: agents (in this JVM, or in JVMs of their own to kill), plans, the
 * results a run wrote, and the check that nothing of a run is left running.
 */
final class FaultFixtures {
  static final Duration AGENT_START = Duration.ofSeconds(60);

  private FaultFixtures() {}

  /** A name no other test's agent has, so cgroups, labels and processes are told apart. */
  static String uniqueName(String prefix) {
    return prefix + "-" + Long.toHexString(System.nanoTime());
  }

  /** A real agent in this JVM, process launcher, on loopback; the test can watch its session. */
  static AgentServer agentInThisJvm(String name, Path work) {
    return AgentAssembly.start(new AgentSettings(name, "127.0.0.1", 0, AgentSettings.DEFAULT_LEASE,
        AgentLimitsConfig.DEFAULT, Set.of(), Optional.empty(), Optional.of("process"), work));
  }

  /** {@code gauntlet agent} in a JVM of its own on 127.0.0.1:port, started and listening. */
  static GauntletProcess agentProcess(String name, int port, Path work, String... extra) throws Exception {
    Files.createDirectories(work);
    List<String> args = new ArrayList<>(List.of("agent", "--listen", "127.0.0.1:" + port, "--name", name,
        "--work-dir", work.toString(), "--launcher", "process"));
    args.addAll(List.of(extra));
    GauntletProcess agent = GauntletProcess.start("agent " + name, work.getParent(), args.toArray(String[]::new));
    try {
      agent.awaitLine("Agent '" + name + "' listening on", AGENT_START);
      return agent;
    } catch (Throwable t) {
      agent.close();
      throw t;
    }
  }

  /** {@code gauntlet run PLAN --out OUT} in a JVM of its own. */
  static GauntletProcess controllerProcess(Path plan, Path out) throws IOException {
    return GauntletProcess.start("controller", plan.getParent(), "run", plan.toString(), "--out", out.toString());
  }

  /**
   * A plan: node targets on {@code target}, load from {@code attacker}, one cell per CPU quota, run in
   * the plan's order.
   *
   * @param cpus e.g. {@code [1, 1.5, 2]}
   */
  static String plan(String name, String agents, String attacker, String cpus, int port, String duration,
      String onAgentLoss) {
    return """
        name: %s
        agents:
        %s
        target:
          agent: target
          runtime: node
          launcher: process
          cpus: %s
          port: %d
        load:
          agents: [%s]
          url: http://{target}:%d/json
          threads: 1
          connections: 4
          duration: %s
          warmup: 500ms
          probe: 0s
        on_agent_loss: %s
        # The fault tests wait for a named cell: run the cells in the plan's order, not shuffled.
        order: fixed
        """.formatted(name, agents.indent(2).stripTrailing(), cpus, port, attacker, port, duration, onAgentLoss);
  }

  static JsonNode results(Path out) throws IOException {
    return ResultsSchema.assertValid(new ObjectMapper().readTree(out.resolve("results.json").toFile()));
  }

  /**
   * A loopback port for an agent or target that binds it later, outside the ephemeral range so
   * that no outgoing connection takes it meanwhile.
   */
  static int freePort() {
    return ServerPorts.freeLoopbackPort();
  }

  static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Nothing the agent started for a run is left: no target listening on {@code port}, no process
   * working in the agent's folder, no cgroup or container carrying the agent's name.
   */
  static void assertNothingLeft(String agentName, Path agentWork, int port) throws Exception {
    assertThat(listening(port)).as("a target still listens on port " + port).isFalse();
    assertThat(processesWorkingIn(agentWork)).as("processes still working in " + agentWork).isEmpty();
    assertThat(cgroupsOf(agentName)).as("cgroups of agent " + agentName).isEmpty();
    assertThat(containersOf(agentName)).as("containers of agent " + agentName).isEmpty();
  }

  private static List<String> processesWorkingIn(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      // The agent never prepared its folder, so nothing can work in it.
      return List.of();
    }
    Path real = directory.toRealPath();
    List<String> found = new ArrayList<>();
    try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
      for (Path entry : proc.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          Path cwd = Files.readSymbolicLink(entry.resolve("cwd"));
          if (cwd.startsWith(real)) {
            found.add(entry.getFileName() + " in " + cwd);
          }
        } catch (IOException | SecurityException e) {
          // Gone meanwhile, or not ours to read.
        }
      }
    }
    return found;
  }

  private static List<Path> cgroupsOf(String agentName) throws IOException {
    Path root = Path.of("/sys/fs/cgroup");
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    String prefix = "gauntlet-" + agentName + "--";
    Files.walkFileTree(root, Set.of(), 5, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (dir.getFileName() != null && dir.getFileName().toString().startsWith(prefix)) {
          found.add(dir);
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    return found;
  }

  /** True when a Docker engine answers {@code docker version} here. */
  static boolean dockerAnswers() throws Exception {
    if (!Files.exists(Path.of("/var/run/docker.sock")) || !Files.isExecutable(Path.of("/usr/bin/docker"))) {
      return false;
    }
    Process docker = new ProcessBuilder("docker", "version", "--format", "{{.Server.Version}}")
        .redirectErrorStream(true).start();
    docker.getOutputStream().close();
    docker.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (!docker.waitFor(30, TimeUnit.SECONDS)) {
      docker.destroyForcibly();
      return false;
    }
    return docker.exitValue() == 0;
  }

  /** Containers, running or not, labelled as started by the agent named {@code agentName}. */
  static List<String> containersOf(String agentName) throws Exception {
    if (!Files.exists(Path.of("/var/run/docker.sock")) || !Files.isExecutable(Path.of("/usr/bin/docker"))) {
      return List.of();
    }
    Process docker = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=gauntlet.agent=" + agentName)
        .redirectErrorStream(true).start();
    docker.getOutputStream().close();
    if (!docker.waitFor(30, TimeUnit.SECONDS)) {
      docker.destroyForcibly();
      return List.of("docker ps did not answer");
    }
    String out = new String(docker.getInputStream().readAllBytes()).strip();
    return docker.exitValue() != 0 || out.isEmpty() ? List.of() : out.lines().toList();
  }
}
