package gauntlet.agent.load;

import java.time.Duration;

/**
 * How a JIT warm-up ended.
 *
 * @param took how long it loaded the warm-up server
 * @param settled true when it stopped because the JIT had stopped compiling
 * @param cancelled true when a real run cut it short
 */
public record WarmupOutcome(Duration took, boolean settled, boolean cancelled) {}
