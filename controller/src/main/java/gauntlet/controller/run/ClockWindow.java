package gauntlet.controller.run;

import java.util.Arrays;

/**
 * How many agents' clocks are measured at once, from the round trips seen so far. On a LAN the
 * controller is the bottleneck, and answers queued behind each other stretch the round trips the
 * offsets come from (bench/controller-scale.sh, 1,000 agents on loopback, 2 cores: 8 at a time
 * took 3.3 probes an agent and 0.7 s, offsets within ±0.4 ms; 128 at a time 19 probes, 1.2 s,
 * ±1.6 ms). Across a WAN the round trip is the wait, and 8 at a time would take 1,000 agents × 4
 * probes × 20 ms / 8 = 10 s. So the window is {@link #PER_MILLISECOND} agents per millisecond of
 * the typical best round trip (the median of the last {@link #RECENT} agents'), between
 * {@link #MIN} and {@link #MAX}. Thread-safe.
 */
final class ClockWindow {
  static final int MIN = 8;
  static final int MAX = 256;
  static final int PER_MILLISECOND = 8;
  static final int RECENT = 16;

  private final long[] recentRtts = new long[RECENT];
  private int measured;
  private int inFlight;
  private int limit = MIN;

  /** The window for a typical best round trip of {@code rttNanos}. */
  static int forRoundTrip(long rttNanos) {
    long window = rttNanos * PER_MILLISECOND / 1_000_000;
    return (int) Math.max(MIN, Math.min(MAX, window));
  }

  /** Waits until another measurement may start, and counts it. */
  synchronized void enter() throws InterruptedException {
    while (inFlight >= limit) {
      wait();
    }
    inFlight++;
  }

  /** A measurement ended; {@code estimate} is null when it failed. */
  synchronized void leave(ClockEstimate estimate) {
    inFlight--;
    if (estimate != null) {
      recentRtts[measured++ % RECENT] = estimate.rttNanos();
      long[] recent = Arrays.copyOf(recentRtts, Math.min(measured, RECENT));
      Arrays.sort(recent);
      limit = forRoundTrip(recent[recent.length / 2]);
    }
    notifyAll();
  }

  synchronized int limit() {
    return limit;
  }
}
