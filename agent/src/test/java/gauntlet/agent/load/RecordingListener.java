package gauntlet.agent.load;

import gauntlet.core.IntervalSnapshot;

import gauntlet.core.ErrorCounts;

import gauntlet.wire.LatencyHistograms;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Keeps every interval a run delivers, for tests to look at. */
final class RecordingListener implements LoadListener {
  final List<IntervalSnapshot> intervals = new ArrayList<>();
  long startedUnixNanos;
  String transport;

  @Override
  public synchronized void started(long startedUnixNanos, String transport) {
    this.startedUnixNanos = startedUnixNanos;
    this.transport = transport;
  }

  @Override
  public synchronized void interval(IntervalSnapshot snapshot) {
    intervals.add(snapshot);
  }

  synchronized List<IntervalSnapshot> measured() {
    return intervals.stream().filter(i -> !i.warmup()).toList();
  }

  synchronized long requests() {
    return measured().stream().mapToLong(IntervalSnapshot::requests).sum();
  }

  synchronized ErrorCounts errors() {
    return measured().stream().map(IntervalSnapshot::errors).reduce(ErrorCounts.NONE, ErrorCounts::plus);
  }

  synchronized Histogram latency() {
    Histogram all = LatencyHistograms.create();
    measured().forEach(i -> all.add(i.latency()));
    return all;
  }

  synchronized Histogram serviceTime() {
    Histogram all = LatencyHistograms.create();
    measured().forEach(i -> all.add(i.serviceTime()));
    return all;
  }

  synchronized List<IntervalSnapshot> all() {
    return new ArrayList<>(intervals);
  }
}
