package gauntlet.cli.load;

import gauntlet.core.ErrorCounts;
import gauntlet.core.IntervalSnapshot;
import gauntlet.agent.load.LoadListener;
import gauntlet.wire.LatencyHistograms;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Adds up a load run's measured intervals (warm-up left out) for the summary: exact histograms,
 * counts, and each interval's rate for wrk's Req/Sec line. Intervals stay available, with their
 * timestamps, for an .hlog.
 */
final class LoadTally implements LoadListener {
  private final Histogram latency = LatencyHistograms.create();
  private Histogram serviceTime;
  private final List<Histogram> intervals = new ArrayList<>();
  private final List<Double> ratesPerSecond = new ArrayList<>();
  private long requests;
  private long bytes;
  private long measuredNanos;
  private ErrorCounts errors = ErrorCounts.NONE;
  private long startedUnixNanos;
  private String transport = "";

  @Override
  public synchronized void started(long startedUnixNanos, String transport) {
    this.startedUnixNanos = startedUnixNanos;
    this.transport = transport;
  }

  @Override
  public synchronized void interval(IntervalSnapshot s) {
    if (s.warmup()) {
      return;
    }
    latency.add(s.latency());
    if (s.serviceTime() != null) {
      if (serviceTime == null) {
        serviceTime = LatencyHistograms.create();
      }
      serviceTime.add(s.serviceTime());
    }
    requests += s.requests();
    bytes += s.bytes();
    errors = errors.plus(s.errors());
    long nanos = s.endUnixNanos() - s.startUnixNanos();
    measuredNanos += nanos;
    if (nanos > 0) {
      ratesPerSecond.add(s.requests() * 1e9 / nanos);
    }
    Histogram interval = s.latency();
    interval.setStartTimeStamp(s.startUnixNanos() / 1_000_000);
    interval.setEndTimeStamp(s.endUnixNanos() / 1_000_000);
    intervals.add(interval);
  }

  synchronized Histogram latency() {
    return latency;
  }

  /** Open model only: the uncorrected service time; null in the closed model. */
  synchronized Histogram serviceTime() {
    return serviceTime;
  }

  synchronized List<Histogram> intervals() {
    return List.copyOf(intervals);
  }

  synchronized List<Double> ratesPerSecond() {
    return List.copyOf(ratesPerSecond);
  }

  synchronized long requests() {
    return requests;
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized double seconds() {
    return measuredNanos / 1e9;
  }

  synchronized ErrorCounts errors() {
    return errors;
  }

  synchronized long startedUnixNanos() {
    return startedUnixNanos;
  }

  synchronized String transport() {
    return transport;
  }
}
