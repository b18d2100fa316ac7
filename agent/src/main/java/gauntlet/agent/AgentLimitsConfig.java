package gauntlet.agent;

import java.time.Duration;

/**
 * What an agent accepts from a controller; requests beyond these are refused with the limit named.
 *
 * @param maxConnections connections of one load run
 * @param maxThreads event loops of one load run
 * @param maxDuration warm-up plus measured time of one load run
 * @param maxMessageBytes largest gRPC message the agent reads; a controller's requests are a few
 *     hundred bytes, so this bounds what a misbehaving caller can make the agent buffer
 */
public record AgentLimitsConfig(int maxConnections, int maxThreads, Duration maxDuration, int maxMessageBytes) {
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
  public static final AgentLimitsConfig DEFAULT =
      new AgentLimitsConfig(20_000, 64, Duration.ofHours(2), DEFAULT_MAX_MESSAGE_BYTES);

  public AgentLimitsConfig {
    if (maxConnections < 1 || maxThreads < 1 || maxMessageBytes < 1024) {
      throw new IllegalArgumentException("agent limits must be positive (and messages at least 1 KiB): connections "
          + maxConnections + ", threads " + maxThreads + ", message bytes " + maxMessageBytes);
    }
    if (maxDuration.isNegative() || maxDuration.isZero()) {
      throw new IllegalArgumentException("the longest load run an agent accepts must be positive, not " + maxDuration);
    }
  }

  /** Limits with the default message size. */
  public AgentLimitsConfig(int maxConnections, int maxThreads, Duration maxDuration) {
    this(maxConnections, maxThreads, maxDuration, DEFAULT_MAX_MESSAGE_BYTES);
  }
}
