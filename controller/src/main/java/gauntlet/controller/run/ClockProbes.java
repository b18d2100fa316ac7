package gauntlet.controller.run;

import java.time.Duration;

/**
 * A run of clock probes to one agent: keeps the estimate with the lowest round trip (its midpoint
 * is closest to when the agent read its clock) and says when to stop. After {@link #MIN} probes it
 * stops once a round trip of at most {@link #GOOD_RTT} was seen (the offset is then exact to within
 * half of it, which cannot matter beside a start skew of milliseconds), or once {@link #MIN} probes
 * in a row did not shorten the best round trip by a tenth: on a WAN, where no round trip is that
 * quick, every agent otherwise took all its probes, 20 round trips each. With a thousand agents
 * on a LAN, 21 probes each were 21,000 round trips before the first cell (23 s on a loaded 2-core
 * controller, bench/controller-scale.sh). Not thread-safe.
 */
final class ClockProbes {
  static final int MIN = 3;
  /** A probe this quick bounds the offset's error by half of it, 0.5 ms. */
  static final Duration GOOD_RTT = Duration.ofMillis(1);

  private final int max;
  private int taken;
  private int sinceImproved;
  private ClockEstimate best;

  /** @param max the most probes to take, at least one */
  ClockProbes(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("A clock measurement needs at least one probe, not " + max);
    }
    this.max = max;
  }

  /** Counts one probe's estimate; answers whether to take another. */
  boolean take(ClockEstimate estimate) {
    taken++;
    if (best == null || estimate.rttNanos() < best.rttNanos()) {
      boolean clearlyBetter = best == null || estimate.rttNanos() < best.rttNanos() - best.rttNanos() / 10;
      sinceImproved = clearlyBetter ? 0 : sinceImproved + 1;
      best = estimate;
    } else {
      sinceImproved++;
    }
    if (taken >= max) {
      return false;
    }
    return taken < MIN || (best.rttNanos() > GOOD_RTT.toNanos() && sinceImproved < MIN);
  }

  /** The estimate with the lowest round trip so far; null before the first probe. */
  ClockEstimate best() {
    return best;
  }
}
