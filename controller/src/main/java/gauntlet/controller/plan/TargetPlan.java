package gauntlet.controller.plan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The plan's {@code target:} section. Lists (runtime, cpus, cluster) expand into the matrix.
 *
 * @param agent name of the agent that runs the target
 * @param runtimes node, bun, go or allowed image names
 * @param launcher docker, process, or empty for the agent's default
 * @param cpus CPU quotas in cores; 0 means unlimited
 * @param memoryBytes memory limit; 0 means unlimited
 * @param cluster clustered variants to run
 * @param port server port
 * @param network auto, bridge, published or host (see {@link TargetNetwork})
 * @param healthTimeout how long a target may take to answer healthy
 * @param address the host load agents use for {@code {target}} when it is not the address the
 *     controller reaches the target agent at (a private or tunnel address); empty: that address
 */
public record TargetPlan(
    String agent,
    List<String> runtimes,
    String launcher,
    List<Double> cpus,
    long memoryBytes,
    List<Boolean> cluster,
    int port,
    String network,
    Duration healthTimeout,
    Optional<String> address) {

  public TargetPlan {
    runtimes = List.copyOf(runtimes);
    cpus = List.copyOf(cpus);
    cluster = List.copyOf(cluster);
    Objects.requireNonNull(address, "address");
  }

  /** {@link #network()}, typed. */
  public TargetNetwork networkMode() {
    return TargetNetwork.of(network);
  }

  /** A target that load agents reach at the target agent's own address. */
  public TargetPlan(String agent, List<String> runtimes, String launcher, List<Double> cpus, long memoryBytes,
      List<Boolean> cluster, int port, String network, Duration healthTimeout) {
    this(agent, runtimes, launcher, cpus, memoryBytes, cluster, port, network, healthTimeout, Optional.empty());
  }
}
