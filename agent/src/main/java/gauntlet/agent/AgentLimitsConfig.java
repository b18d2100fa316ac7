package gauntlet.agent;

import java.time.Duration;

/**
 * What an agent accepts from a controller; requests beyond these are refused with the limit named.
 *
 * @param maxConnections connections of one load run
 * @param maxThreads event loops of one load run
 * @param maxDuration warm-up plus measured time of one load run
 */
public record AgentLimitsConfig(int maxConnections, int maxThreads, Duration maxDuration) {
  public static final AgentLimitsConfig DEFAULT = new AgentLimitsConfig(20_000, 64, Duration.ofHours(2));
}
