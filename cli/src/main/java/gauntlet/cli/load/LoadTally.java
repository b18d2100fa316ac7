package gauntlet.cli.load;

import gauntlet.agent.load.LoadListener;
import gauntlet.controller.run.ClockEstimate;
import gauntlet.controller.run.LoadMerger;
import gauntlet.core.ErrorCounts;
import gauntlet.core.IntervalSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Adds up a load run's measured intervals (warm-up left out) for the summary. The totals go through
 * the controller's {@link LoadMerger}, as one agent on the same clock, so {@code load --json} and a
 * run's results.json add up the same way; only wrk's per-interval Req/Sec figures are kept here.
 */
final class LoadTally implements LoadListener {
  private static final String AGENT = "local";

  private final Duration warmup;
  private final Duration interval;
  private final List<Double> ratesPerSecond = new ArrayList<>();
  private LoadMerger merger;
  private LoadMerger.Merged merged;
  private long startedUnixNanos;
  private String transport = "";

  LoadTally(Duration warmup, Duration interval) {
    this.warmup = warmup;
    this.interval = interval;
  }

  @Override
  public synchronized void started(long startedUnixNanos, String transport) {
    this.startedUnixNanos = startedUnixNanos;
    this.transport = transport;
    merger = new LoadMerger(List.of(AGENT), interval, startedUnixNanos + warmup.toNanos());
    merger.started(AGENT, ClockEstimate.SAME_CLOCK, startedUnixNanos);
  }

  @Override
  public synchronized void interval(IntervalSnapshot s) {
    if (merger == null) {
      throw new IllegalStateException("An interval arrived before the load started");
    }
    merged = null;
    merger.add(AGENT, ClockEstimate.SAME_CLOCK, s.toWire(0));
    long nanos = s.endUnixNanos() - s.startUnixNanos();
    if (!s.warmup() && nanos > 0) {
      ratesPerSecond.add(s.requests() * 1e9 / nanos);
    }
  }

  private LoadMerger.Merged merged() {
    if (merger == null) {
      return new LoadMerger(List.of(AGENT), interval, 0).result();
    }
    if (merged == null) {
      merged = merger.result();
    }
    return merged;
  }

  synchronized Histogram latency() {
    return merged().latency();
  }

  /** Open model only: the uncorrected service time; null in the closed model. */
  synchronized Histogram serviceTime() {
    return merged().serviceTime().orElse(null);
  }

  /** The measured intervals, time-stamped, for an .hlog. */
  synchronized List<Histogram> intervals() {
    return merged().intervals();
  }

  synchronized List<Double> ratesPerSecond() {
    return List.copyOf(ratesPerSecond);
  }

  synchronized long requests() {
    return merged().requests();
  }

  synchronized long bytes() {
    return merged().bytes();
  }

  synchronized double seconds() {
    return merged().durationSeconds();
  }

  synchronized ErrorCounts errors() {
    return merged().errors();
  }

  synchronized long startedUnixNanos() {
    return startedUnixNanos;
  }

  synchronized String transport() {
    return transport;
  }
}
