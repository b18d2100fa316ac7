package gauntlet.agent.rpc;

import gauntlet.agent.AgentLimitsConfig;

import gauntlet.agent.load.LoadOptions;
import gauntlet.agent.target.NetworkMode;
import gauntlet.agent.target.ResourceSample;
import gauntlet.agent.target.TargetConfig;
import gauntlet.v1.LoadSpec;
import gauntlet.v1.TargetSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/** Translates between wire messages and the agent's own types, checking what the wire leaves open. */
public final class WireMapping {
  static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(60);

  private WireMapping() {}

  public static TargetConfig targetConfig(TargetSpec spec) {
    if (spec.getRuntime().isBlank()) {
      throw new IllegalArgumentException("target runtime is empty; name node, bun, go or an allowed image");
    }
    return new TargetConfig(
        spec.getRuntime(),
        spec.getCpus(),
        spec.getMemoryBytes(),
        spec.getCluster(),
        spec.getPort() == 0 ? 3000 : spec.getPort(),
        NetworkMode.parse(spec.getNetwork()),
        spec.getBindHost().isBlank() ? "0.0.0.0" : spec.getBindHost(),
        spec.getHealthPath().isBlank() ? "/json" : spec.getHealthPath(),
        spec.getHealthTimeoutMs() > 0 ? Duration.ofMillis(spec.getHealthTimeoutMs()) : DEFAULT_HEALTH_TIMEOUT);
  }

  /** The engine's options for a wire spec, refusing what exceeds the agent's limits. */
  public static LoadOptions loadOptions(LoadSpec spec, AgentLimitsConfig limits) {
    URI url;
    try {
      url = new URI(spec.getUrl());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("load url '" + spec.getUrl() + "' is not a valid URL: " + e.getReason(), e);
    }
    if (spec.getConnections() > limits.maxConnections()) {
      throw new IllegalArgumentException("connections " + spec.getConnections()
          + " is above this agent's limit of " + limits.maxConnections() + " (its --max-connections)");
    }
    if (spec.getThreads() > limits.maxThreads()) {
      throw new IllegalArgumentException("threads " + spec.getThreads()
          + " is above this agent's limit of " + limits.maxThreads() + " (its --max-threads)");
    }
    Duration total = Duration.ofMillis(spec.getDurationMs() + spec.getWarmupMs());
    if (total.compareTo(limits.maxDuration()) > 0) {
      throw new IllegalArgumentException("warm-up plus duration of " + total.toSeconds()
          + " s is above this agent's limit of " + limits.maxDuration().toSeconds() + " s (its --max-duration)");
    }
    return new LoadOptions(
        url,
        spec.getMethod(),
        spec.getHeadersMap(),
        spec.getBody().toByteArray(),
        spec.getThreads(),
        spec.getConnections(),
        Duration.ofMillis(spec.getDurationMs()),
        Duration.ofMillis(spec.getWarmupMs()),
        spec.getTimeoutMs() > 0 ? Duration.ofMillis(spec.getTimeoutMs()) : null,
        spec.getRate(),
        spec.getIntervalMs() > 0 ? Duration.ofMillis(spec.getIntervalMs()) : null);
  }

  public static gauntlet.v1.ResourceSample resourceSample(ResourceSample sample) {
    return gauntlet.v1.ResourceSample.newBuilder()
        .setUnixNanos(sample.unixNanos())
        .setCpuPct(sample.cpuPercent())
        .setMemoryBytes(sample.memoryBytes())
        .setProcesses(sample.processes())
        .build();
  }

}
