package gauntlet.core;

import gauntlet.v1.IntervalReport;
import gauntlet.wire.LatencyHistograms;
import org.HdrHistogram.Histogram;

/**
 * What happened during one interval of a load run, merged over all event loops.
 *
 * @param startUnixNanos interval start, wall clock
 * @param endUnixNanos interval end, wall clock
 * @param warmup true while warming up; such intervals are not part of the results
 * @param requests responses completed (any status)
 * @param bytes response bytes read, headers included
 * @param errors failed requests by class
 * @param latency microseconds; open model: from each request's intended send time
 * @param serviceTime open model only (else null): microseconds from the actual send
 * @param connectionsOpen connections established at the end of the interval
 * @param busiestLoopCpuPercent CPU of the busiest event loop thread over the interval, 100 = one
 *     core; near 100 the generator, not the server, set the pace
 */
public record IntervalSnapshot(
    long startUnixNanos,
    long endUnixNanos,
    boolean warmup,
    long requests,
    long bytes,
    ErrorCounts errors,
    Histogram latency,
    Histogram serviceTime,
    int connectionsOpen,
    double busiestLoopCpuPercent) {

  /** The wire's report of this interval, with the agent process's CPU over it. */
  public IntervalReport toWire(double agentCpuPercent) {
    IntervalReport.Builder report = IntervalReport.newBuilder()
        .setStartUnixNanos(startUnixNanos)
        .setEndUnixNanos(endUnixNanos)
        .setWarmup(warmup)
        .setRequests(requests)
        .setBytes(bytes)
        .setErrors(errors.toWire())
        .setLatencyHistogram(LatencyHistograms.encode(latency))
        .setAgentCpuPct(agentCpuPercent)
        .setConnectionsOpen(connectionsOpen)
        .setLoopCpuMaxPct(busiestLoopCpuPercent);
    if (serviceTime != null) {
      report.setServiceHistogram(LatencyHistograms.encode(serviceTime));
    }
    return report.build();
  }
}
