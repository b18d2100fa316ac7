package gauntlet.cli;

import gauntlet.agent.AgentAssembly;
import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.agent.security.AgentSecurity;
import gauntlet.core.security.BearerToken;
import gauntlet.agent.security.ListenPolicy;
import gauntlet.core.security.SecurityConfigException;
import gauntlet.agent.security.ServerTls;
import gauntlet.controller.plan.ByteSizes;
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

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7070", converter = HostPort.Converter.class,
      description = "Address to listen on (default ${DEFAULT-VALUE}); use 0.0.0.0:7070 with --token-file or mutual TLS to serve other machines.")
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

  @Option(names = "--max-threads", defaultValue = "64", description = "Most event loops one load run may ask for.")
  int maxThreads;

  @Option(names = "--max-rate", paramLabel = "REQUESTS_PER_SECOND", defaultValue = "10000000",
      description = "Highest open-model rate (requests/second) one load run may ask for (default ${DEFAULT-VALUE}).")
  double maxRate;

  @Option(names = "--max-message-size", paramLabel = "SIZE", defaultValue = "1m",
      description = "Largest request the agent reads, e.g. 64k or 4m (default ${DEFAULT-VALUE}).")
  String maxMessageSize;

  @Option(names = "--token-file", paramLabel = "FILE", defaultValue = "${env:GAUNTLET_TOKEN_FILE}",
      description = "Every call must carry the token in FILE (one line; make one with: openssl rand -hex 32). "
          + "Default: $GAUNTLET_TOKEN_FILE. Needed to listen beyond loopback, unless --tls-client-ca is given.")
  Path tokenFile;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve TLS with this certificate (chain) ...")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "... and its private key.")
  Path tlsKey;

  @Option(names = "--tls-client-ca", paramLabel = "PEM",
      description = "Mutual TLS: admit only controllers whose certificate this CA signed.")
  Path tlsClientCa;

  @Option(names = "--exit-with-stdin",
      description = "Print 'gauntlet-agent listening HOST:PORT' on stdout once serving, and stop when stdin closes "
          + "(how a controller tethers an agent it started over SSH: the agent ends with the SSH session).")
  boolean exitWithStdin;

  @Override
  public Integer call() throws Exception {
    RunCommand.checkLease(spec, lease);
    String agentName = name != null ? name : Hostnames.local();
    Path dir = workDir != null ? workDir : Path.of(System.getProperty("user.home"), ".gauntlet", "agent");
    AgentSecurity security = security();
    // Before anything else starts: an agent that must not listen should not touch Docker either.
    ListenPolicy.check(listen.host(), listen.port(), security);
    AgentSettings settings = new AgentSettings(agentName, listen.host(), listen.port(), lease,
        new AgentLimitsConfig(maxConnections, maxThreads, maxDuration, messageBytes(), maxRate),
        Set.copyOf(allowedImages), Optional.ofNullable(offlineImages), Optional.ofNullable(launcher), dir, security);
    CountDownLatch stopped = new CountDownLatch(1);
    AgentServer agent = AgentAssembly.start(settings);
    Thread hook = new Thread(() -> {
      agent.close();
      stopped.countDown();
    }, "gauntlet-agent-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (exitWithStdin) {
      StdinTether.announce(System.out, listen.host(), agent.port());
      StdinTether.awaitEof(System.in);
      // Stop the targets and the server in the hook's order, then let the JVM end.
      Runtime.getRuntime().removeShutdownHook(hook);
      hook.run();
      return 0;
    }
    stopped.await();
    return 0;
  }

  private AgentSecurity security() {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new SecurityConfigException("--tls-cert and --tls-key go together: give the agent's certificate and its key");
    }
    if (tlsClientCa != null && tlsCert == null) {
      throw new SecurityConfigException("--tls-client-ca needs --tls-cert and --tls-key: mutual TLS is TLS first");
    }
    Optional<BearerToken> token = Optional.ofNullable(tokenFile).map(file -> BearerToken.read(file, "--token-file"));
    Optional<ServerTls> tls = tlsCert == null ? Optional.empty()
        : Optional.of(new ServerTls(tlsCert, tlsKey, Optional.ofNullable(tlsClientCa)));
    return new AgentSecurity(token, tls);
  }

  private int messageBytes() {
    long bytes;
    try {
      bytes = ByteSizes.parse(maxMessageSize);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--max-message-size: " + e.getMessage());
    }
    if (bytes < 1024 || bytes > 64L * 1024 * 1024) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--max-message-size must be between 1k and 64m, not " + maxMessageSize);
    }
    return (int) bytes;
  }
}
