package gauntlet.controller.run;

import gauntlet.core.ClockPair;

/**
 * An agent's clock relative to the controller's, from the clock probe with the lowest round trip.
 *
 * @param offsetNanos agent clock minus controller clock
 * @param rttNanos round trip of the probe the offset comes from: the offset is exact to within half
 */
public record ClockEstimate(long offsetNanos, long rttNanos) {
  public static final ClockEstimate SAME_CLOCK = new ClockEstimate(0, 0);

  /**
   * What one probe says: sent at {@code sent}, answered with the agent's clock {@code agentUnixNanos},
   * the answer read at {@code receivedNanos} ({@code System.nanoTime()}). The agent read its clock
   * within the round trip, so the midpoint is at most half of it away.
   */
  static ClockEstimate ofProbe(ClockPair sent, long agentUnixNanos, long receivedNanos) {
    long rtt = receivedNanos - sent.monotonicNanos();
    return new ClockEstimate(agentUnixNanos - (sent.unixNanos() + rtt / 2), rtt);
  }

  /** A controller-clock instant on the agent's clock. */
  public long toAgent(long controllerUnixNanos) {
    return controllerUnixNanos + offsetNanos;
  }

  /** An agent-clock instant on the controller's clock. */
  public long toController(long agentUnixNanos) {
    return agentUnixNanos - offsetNanos;
  }

  public double offsetMillis() {
    return offsetNanos / 1e6;
  }

  public double rttMillis() {
    return rttNanos / 1e6;
  }
}
