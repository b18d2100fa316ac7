package gauntlet.controller.run;

import gauntlet.controller.plan.LoadPlan;
import java.time.Duration;
import java.util.Collection;

/**
 * The instant every load agent of a cell starts at, on the controller's clock, and the measured
 * window that follows its warm-up. The start lies far enough ahead for the slowest agent's start
 * call to arrive: four of its clock probe's round trips plus a margin, plus the time the
 * controller takes to send every agent its start call one after another, never less than
 * {@link #MIN_DELAY}.
 *
 * @param agreedUnixNanos when the agents start (warm-up begins)
 * @param measuredStartUnixNanos when warm-up ends and measurement begins
 * @param measuredEndUnixNanos when the measured window ends
 */
record LoadStart(long agreedUnixNanos, long measuredStartUnixNanos, long measuredEndUnixNanos) {
  static final Duration MIN_DELAY = Duration.ofMillis(300);
  static final int RTT_MULTIPLE = 4;
  static final Duration MARGIN = Duration.ofMillis(100);
  /**
   * Time the controller may take to send one agent its start call. Measured with
   * bench/controller-scale.sh at 1,000 agents on a loaded 2-core machine: 0.57-0.70 ms each (the
   * last of 1,000 calls left 574-695 ms after the first), so 4*rtt + 100 ms told the last ones
   * 164-422 ms after the agreed instant and they started that late. Twice the measured cost.
   */
  static final Duration PER_AGENT = Duration.ofMillis(1).plusNanos(400_000);
  /** How long past its planned end a cell's load may take (connection timeouts, slow reports). */
  static final Duration GRACE = Duration.ofSeconds(30);

  /** The start agreed at {@code nowUnixNanos} for agents whose clocks are {@code clocks}. */
  static LoadStart agree(long nowUnixNanos, Collection<ClockEstimate> clocks, Duration warmup, Duration duration) {
    long rtt = clocks.stream().mapToLong(ClockEstimate::rttNanos).max().orElse(0);
    long dispatch = clocks.size() * PER_AGENT.toNanos();
    long agreed = nowUnixNanos + Math.max(MIN_DELAY.toNanos(), RTT_MULTIPLE * rtt + MARGIN.toNanos() + dispatch);
    long measured = agreed + warmup.toNanos();
    return new LoadStart(agreed, measured, measured + duration.toNanos());
  }

  /** How long, from {@code nowUnixNanos}, to wait for every agent's load to end. */
  Duration deadline(LoadPlan load, long nowUnixNanos) {
    return load.warmup().plus(load.duration()).plus(load.timeout()).plus(GRACE)
        .plusNanos(agreedUnixNanos - nowUnixNanos);
  }

  /** How late an agent that started at {@code startedUnixNanos} (controller clock) was, in ms. */
  double skewMillis(long startedUnixNanos) {
    return (startedUnixNanos - agreedUnixNanos) / 1e6;
  }
}
