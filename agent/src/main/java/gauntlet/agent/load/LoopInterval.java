package gauntlet.agent.load;

import gauntlet.core.ErrorCounts;
import org.HdrHistogram.Histogram;

/**
 * One event loop's figures for one interval, handed from the loop to the collector. The collector
 * returns the histograms for reuse, so steady state allocates nothing.
 */
final class LoopInterval {
  final int index;
  final Histogram latency;
  final Histogram serviceTime;
  final long requests;
  final long bytes;
  final ErrorCounts errors;
  final int connectionsOpen;

  LoopInterval(int index, Histogram latency, Histogram serviceTime, long requests, long bytes,
      ErrorCounts errors, int connectionsOpen) {
    this.index = index;
    this.latency = latency;
    this.serviceTime = serviceTime;
    this.requests = requests;
    this.bytes = bytes;
    this.errors = errors;
    this.connectionsOpen = connectionsOpen;
  }
}
