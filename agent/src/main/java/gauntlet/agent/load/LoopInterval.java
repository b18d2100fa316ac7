package gauntlet.agent.load;

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
  final long connectErrors;
  final long readErrors;
  final long writeErrors;
  final long timeouts;
  final long statusErrors;
  final int connectionsOpen;

  LoopInterval(int index, Histogram latency, Histogram serviceTime, long requests, long bytes,
      long connectErrors, long readErrors, long writeErrors, long timeouts, long statusErrors, int connectionsOpen) {
    this.index = index;
    this.latency = latency;
    this.serviceTime = serviceTime;
    this.requests = requests;
    this.bytes = bytes;
    this.connectErrors = connectErrors;
    this.readErrors = readErrors;
    this.writeErrors = writeErrors;
    this.timeouts = timeouts;
    this.statusErrors = statusErrors;
    this.connectionsOpen = connectionsOpen;
  }
}
