package gauntlet.agent.target;

import java.time.Duration;
import java.util.Objects;

/**
 * What to launch and under which limits: the knobs of the article's
 * {@code docker run --rm --cpus=N -m=M -p PORT:PORT}.
 *
 * @param runtime a built-in server ({@code node}, {@code bun}, {@code go}) or an allowed image
 * @param cpus CPU quota in cores; 0 means unlimited
 * @param memoryBytes memory limit; 0 means unlimited
 * @param cluster run the runtime's multi-process variant (one worker per CPU)
 * @param port port the server listens on and is published on
 * @param network bridge (published port) or host networking
 * @param bindHost host address the port is published on or bound to
 * @param healthPath path polled until it answers 200
 * @param healthTimeout how long the target may take to become healthy
 */
public record TargetConfig(
    String runtime,
    double cpus,
    long memoryBytes,
    boolean cluster,
    int port,
    NetworkMode network,
    String bindHost,
    String healthPath,
    Duration healthTimeout) {

  /**
   * The longest a target may take to answer healthy. Longer than any server build or JIT start,
   * short enough that a start nobody waits for any more cannot hold a machine for long.
   */
  public static final Duration MAX_HEALTH_TIMEOUT = gauntlet.core.Leases.MAX_HEALTH_TIMEOUT;

  public TargetConfig {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(healthPath, "healthPath");
    Objects.requireNonNull(healthTimeout, "healthTimeout");
    if (cpus < 0) {
      throw new IllegalArgumentException("cpus must be 0 (unlimited) or more, not " + cpus);
    }
    if (memoryBytes < 0) {
      throw new IllegalArgumentException("memory must be 0 (unlimited) or more, not " + memoryBytes);
    }
    if (healthTimeout.isNegative() || healthTimeout.isZero() || healthTimeout.compareTo(MAX_HEALTH_TIMEOUT) > 0) {
      throw new IllegalArgumentException("health timeout must be above 0 and at most " + MAX_HEALTH_TIMEOUT.toMinutes()
          + " minutes, not " + healthTimeout.toMillis() + " ms; a target that takes longer to answer is broken");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, not " + port);
    }
  }

  /** Workers of a clustered target: one per whole CPU of the quota, at least one. */
  public int workers(int machineCores) {
    double quota = cpus > 0 ? Math.min(cpus, machineCores) : machineCores;
    return Math.max(1, (int) Math.round(quota));
  }
}
