package gauntlet.agent;

import gauntlet.agent.load.LoadOptions;
import java.time.Duration;

/**
 * What an agent accepts from a controller; requests beyond these are refused with the limit named.
 *
 * @param maxConnections connections of one load run
 * @param maxThreads event loops of one load run
 * @param maxDuration warm-up plus measured time of one load run
 * @param maxMessageBytes largest gRPC message the agent reads; a controller's requests are a few
 *     hundred bytes, so this bounds what a misbehaving caller can make the agent buffer
 * @param maxRate most requests/second (open model) of one load run
 */
public record AgentLimitsConfig(int maxConnections, int maxThreads, Duration maxDuration, int maxMessageBytes,
    double maxRate) {
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
  /** A bound against mistakes (a rate meant in total, a typo), well below the engine's 1e9 ceiling; --max-rate raises it. */
  public static final double DEFAULT_MAX_RATE = 10_000_000;
  public static final AgentLimitsConfig DEFAULT =
      new AgentLimitsConfig(20_000, 64, Duration.ofHours(2), DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_RATE);

  public AgentLimitsConfig {
    if (maxConnections < 1 || maxThreads < 1 || maxMessageBytes < 1024) {
      throw new IllegalArgumentException("agent limits must be positive (and messages at least 1 KiB): connections "
          + maxConnections + ", threads " + maxThreads + ", message bytes " + maxMessageBytes);
    }
    if (!(maxRate >= LoadOptions.MIN_RATE && maxRate <= LoadOptions.MAX_RATE)) {
      throw new IllegalArgumentException("the highest rate an agent accepts must be between " + LoadOptions.MIN_RATE
          + " and " + (long) LoadOptions.MAX_RATE + " requests/second, not " + maxRate);
    }
    if (maxDuration.isNegative() || maxDuration.isZero()) {
      throw new IllegalArgumentException("the longest load run an agent accepts must be positive, not " + maxDuration);
    }
  }

  /** Limits with the default rate. */
  public AgentLimitsConfig(int maxConnections, int maxThreads, Duration maxDuration, int maxMessageBytes) {
    this(maxConnections, maxThreads, maxDuration, maxMessageBytes, DEFAULT_MAX_RATE);
  }

  /** Limits with the default message size and rate. */
  public AgentLimitsConfig(int maxConnections, int maxThreads, Duration maxDuration) {
    this(maxConnections, maxThreads, maxDuration, DEFAULT_MAX_MESSAGE_BYTES);
  }
}
