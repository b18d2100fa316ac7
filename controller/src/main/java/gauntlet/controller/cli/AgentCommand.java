package gauntlet.controller.cli;

import gauntlet.agent.AgentAssembly;
import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gauntlet agent}: serve controllers on this machine until stopped. */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Runs an agent: launches targets and generates load on a controller's command.")
final class AgentCommand implements Callable<Integer> {

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7070", converter = HostPort.Converter.class,
      description = "Address to listen on (default ${DEFAULT-VALUE}); use 0.0.0.0:7070 to serve other machines.")
  HostPort listen;

  @Option(names = "--name", description = "Name in logs and container labels (default: the host name).")
  String name;

  @Option(names = "--lease", defaultValue = "10s", converter = DurationConverter.class,
      description = "How long a silent controller keeps what it started (default ${DEFAULT-VALUE}).")
  Duration lease;

  @Option(names = "--launcher", description = "Default launcher: docker or process (default: docker when an engine answers).")
  String launcher;

  @Option(names = "--offline-images", arity = "0..1", fallbackValue = "true",
      description = "Build images from this host's runtimes (FROM scratch) instead of official base images; "
          + "default: only when the engine cannot pull.")
  Boolean offlineImages;

  @Option(names = "--allow-image", paramLabel = "IMAGE",
      description = "An image, beyond the built-in servers, controllers may start (repeatable).")
  List<String> allowedImages = List.of();

  @Option(names = "--work-dir", description = "Scratch space for builds and logs (default: ~/.gauntlet/agent).")
  Path workDir;

  @Option(names = "--max-connections", defaultValue = "20000", description = "Most connections one load run may ask for.")
  int maxConnections;

  @Option(names = "--max-duration", defaultValue = "2h", converter = DurationConverter.class,
      description = "Longest load run (warm-up included) accepted.")
  Duration maxDuration;

  @Override
  public Integer call() throws Exception {
    String agentName = name != null ? name : Hostnames.local();
    Path dir = workDir != null ? workDir : Path.of(System.getProperty("user.home"), ".gauntlet", "agent");
    AgentSettings settings = new AgentSettings(agentName, listen.host(), listen.port(), lease,
        new AgentLimitsConfig(maxConnections, AgentLimitsConfig.DEFAULT.maxThreads(), maxDuration),
        Set.copyOf(allowedImages), Optional.ofNullable(offlineImages), Optional.ofNullable(launcher), dir);
    CountDownLatch stopped = new CountDownLatch(1);
    AgentServer agent = AgentAssembly.start(settings);
    Thread hook = new Thread(() -> {
      agent.close();
      stopped.countDown();
    }, "gauntlet-agent-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
    return 0;
  }
}
