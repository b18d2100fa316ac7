package gauntlet.agent;

import gauntlet.agent.security.AgentSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How an agent runs.
 *
 * @param name how controllers and container labels call this agent
 * @param listenHost address to listen on; loopback unless the agent is meant for other machines
 * @param listenPort 0 picks a free port
 * @param lease how long a silent controller keeps what it started
 * @param limits what one request may ask for
 * @param allowedImages images, beyond the built-in servers, this agent agrees to run
 * @param offlineImages build images from host runtimes: true, false, or empty to decide by whether
 *     the engine can pull
 * @param preferredLauncher the default launcher when a request names none; empty: docker when an
 *     engine answers, else process
 * @param workDir scratch space for extracted servers, builds and logs
 * @param security who may command the agent (token, TLS); {@link AgentSecurity#NONE} only on loopback
 * @param connections how many connections the agent holds before and between calls
 */
public record AgentSettings(
    String name,
    String listenHost,
    int listenPort,
    Duration lease,
    AgentLimitsConfig limits,
    Set<String> allowedImages,
    Optional<Boolean> offlineImages,
    Optional<String> preferredLauncher,
    Path workDir,
    AgentSecurity security,
    ConnectionLimits connections) {

  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

  public AgentSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(listenHost, "listenHost");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(connections, "connections");
    allowedImages = Set.copyOf(allowedImages);
    if (name.isBlank() || !name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "agent name must be letters, digits, '.', '_' or '-', not '" + name + "'");
    }
  }

  /** Settings with the default connection limits. */
  public AgentSettings(String name, String listenHost, int listenPort, Duration lease, AgentLimitsConfig limits,
      Set<String> allowedImages, Optional<Boolean> offlineImages, Optional<String> preferredLauncher, Path workDir,
      AgentSecurity security) {
    this(name, listenHost, listenPort, lease, limits, allowedImages, offlineImages, preferredLauncher, workDir,
        security, ConnectionLimits.DEFAULT);
  }

  /** Settings without authentication or TLS: for agents on loopback. */
  public AgentSettings(String name, String listenHost, int listenPort, Duration lease, AgentLimitsConfig limits,
      Set<String> allowedImages, Optional<Boolean> offlineImages, Optional<String> preferredLauncher, Path workDir) {
    this(name, listenHost, listenPort, lease, limits, allowedImages, offlineImages, preferredLauncher, workDir,
        AgentSecurity.NONE);
  }

  /** The same settings with other security. */
  public AgentSettings withSecurity(AgentSecurity other) {
    return new AgentSettings(name, listenHost, listenPort, lease, limits, allowedImages, offlineImages,
        preferredLauncher, workDir, other, connections);
  }

  /** The same settings with other connection limits. */
  public AgentSettings withConnections(ConnectionLimits other) {
    return new AgentSettings(name, listenHost, listenPort, lease, limits, allowedImages, offlineImages,
        preferredLauncher, workDir, security, other);
  }

  /** An agent for this machine only: loopback, any free port, defaults everywhere else. */
  public static AgentSettings loopback(String name, Path workDir) {
    return new AgentSettings(name, "127.0.0.1", 0, DEFAULT_LEASE, AgentLimitsConfig.DEFAULT, Set.of(),
        Optional.empty(), Optional.empty(), workDir);
  }
}
