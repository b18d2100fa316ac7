package gauntlet.agent.rpc;

import gauntlet.agent.AgentLimitsConfig;

import gauntlet.agent.load.LoadOptions;
import gauntlet.core.LoadTransport;
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
  /** The longest latency a histogram records (1 h): a longer timeout would record nothing more. */
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);
  /** Shorter report intervals would cost a histogram each without saying more. */
  static final Duration MIN_INTERVAL = Duration.ofMillis(100);
  static final Duration MAX_INTERVAL = Duration.ofMinutes(1);
  /** Direct memory all connections' request buffers of one run may take. */
  public static final long MAX_REQUEST_MEMORY_BYTES = 256L * 1024 * 1024;

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
    checkDurations(spec, limits);
    checkRate(spec.getRate(), limits);
    checkRequestMemory(spec);
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
        spec.getIntervalMs() > 0 ? Duration.ofMillis(spec.getIntervalMs()) : null,
        LoadTransport.parse(spec.getTransport()));
  }

  /** Durations within --max-duration, summed without overflow (two huge ones once summed to a negative total). */
  private static void checkDurations(LoadSpec spec, AgentLimitsConfig limits) {
    long max = limits.maxDuration().toMillis();
    if (spec.getDurationMs() < 0 || spec.getWarmupMs() < 0) {
      throw new IllegalArgumentException("duration (" + spec.getDurationMs() + " ms) and warm-up (" + spec.getWarmupMs()
          + " ms) must not be negative");
    }
    long total;
    try {
      total = Math.addExact(spec.getDurationMs(), spec.getWarmupMs());
    } catch (ArithmeticException overflow) {
      total = Long.MAX_VALUE;
    }
    if (total > max) {
      throw new IllegalArgumentException("warm-up plus duration of " + (total == Long.MAX_VALUE
          ? "more than " + Long.MAX_VALUE / 1000 : total / 1000) + " s is above this agent's limit of "
          + limits.maxDuration().toSeconds() + " s (its --max-duration)");
    }
    if (spec.getTimeoutMs() < 0 || spec.getTimeoutMs() > MAX_TIMEOUT.toMillis()) {
      throw new IllegalArgumentException("timeout of " + spec.getTimeoutMs() + " ms is outside 0 (the default) to "
          + MAX_TIMEOUT.toMillis() + " ms, the longest latency a histogram records");
    }
    if (spec.getIntervalMs() != 0 && (spec.getIntervalMs() < MIN_INTERVAL.toMillis()
        || spec.getIntervalMs() > MAX_INTERVAL.toMillis())) {
      throw new IllegalArgumentException("report interval of " + spec.getIntervalMs() + " ms is outside "
          + MIN_INTERVAL.toMillis() + " to " + MAX_INTERVAL.toMillis() + " ms (0: the default of 1 s)");
    }
  }

  /** Finite, 0 (closed model) or from the engine's least rate up to --max-rate: no rate may make a loop spin. */
  private static void checkRate(double rate, AgentLimitsConfig limits) {
    String range = "send 0 (closed model) or " + LoadOptions.MIN_RATE + " to " + (long) limits.maxRate()
        + " requests/second, this agent's limit (its --max-rate)";
    if (Double.isNaN(rate) || Double.isInfinite(rate) || rate < 0) {
      throw new IllegalArgumentException("rate " + rate + " is not a rate of requests; " + range);
    }
    if (rate > 0 && rate < LoadOptions.MIN_RATE) {
      throw new IllegalArgumentException("rate " + rate + " is below the least rate of " + LoadOptions.MIN_RATE
          + " requests/second (one every 1000 s); " + range);
    }
    if (rate > limits.maxRate()) {
      throw new IllegalArgumentException("rate " + rate + " is above this agent's limit of " + (long) limits.maxRate()
          + " requests/second (its --max-rate)");
    }
  }

  /**
   * Every connection holds its own copy of the request in direct memory: refuse before reserving
   * it. The spec's size bounds the request's (its URL, headers and body are all in it).
   */
  private static void checkRequestMemory(LoadSpec spec) {
    long perConnection = spec.getSerializedSize();
    long total = perConnection * Math.max(1, spec.getConnections());
    if (total > MAX_REQUEST_MEMORY_BYTES) {
      throw new IllegalArgumentException("a request of " + perConnection + " bytes on each of " + spec.getConnections()
          + " connections needs " + total / (1024 * 1024) + " MiB, above this agent's "
          + MAX_REQUEST_MEMORY_BYTES / (1024 * 1024) + " MiB for request buffers; send a smaller body or fewer connections");
    }
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
