package gauntlet.controller.report;

import gauntlet.core.ErrorClass;
import gauntlet.core.ErrorCounts;
import gauntlet.controller.plan.Cell;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Everything measured for one matrix cell.
 *
 * @param launcher docker or process, as the target agent used it
 * @param failure why the cell failed, empty when it ran to the end
 * @param durationSeconds the measured window
 * @param latency merged over all load agents; open model: corrected for coordinated omission
 * @param serviceTime open model only: uncorrected service time
 * @param verdicts what limited the cell besides the server, e.g. "network-bound: ..."
 * @param histogram the exact sum of every agent's measured interval histograms (microseconds)
 * @param intervals per-second histograms merged over agents, with start/end timestamps set (ms
 *     since the epoch, controller clock), for the .hlog and the charts
 * @param setup the target's quota, the load's network paths, the host's CPU, warnings
 * @param timeline the measured window second by second, for results.json and the report's charts
 */
public record CellResult(
    Cell cell,
    String launcher,
    Optional<String> failure,
    long requests,
    double durationSeconds,
    long bytes,
    ErrorCounts errors,
    LatencySummary latency,
    Optional<LatencySummary> serviceTime,
    TargetUsage target,
    List<NetworkProbeResult> network,
    List<AgentLoadResult> agents,
    List<String> verdicts,
    Histogram histogram,
    List<Histogram> intervals,
    CellSetup setup,
    CellTimeline timeline) {

  public CellResult {
    java.util.Objects.requireNonNull(setup, "setup");
    java.util.Objects.requireNonNull(timeline, "timeline");
    network = List.copyOf(network);
    agents = List.copyOf(agents);
    verdicts = List.copyOf(verdicts);
    intervals = List.copyOf(intervals);
  }

  /** A cell without a known setup or per-second timeline (failed before its load, or built by hand). */
  public CellResult(Cell cell, String launcher, Optional<String> failure, long requests, double durationSeconds,
      long bytes, ErrorCounts errors, LatencySummary latency, Optional<LatencySummary> serviceTime,
      TargetUsage target, List<NetworkProbeResult> network, List<AgentLoadResult> agents, List<String> verdicts,
      Histogram histogram, List<Histogram> intervals) {
    this(cell, launcher, failure, requests, durationSeconds, bytes, errors, latency, serviceTime, target, network,
        agents, verdicts, histogram, intervals, CellSetup.UNKNOWN, CellTimeline.EMPTY);
  }

  public boolean failed() {
    return failure.isPresent();
  }

  /** The same figures, marked failed for {@code reason}: what was measured stays on record. */
  public CellResult withFailure(String reason) {
    return new CellResult(cell, launcher, Optional.of(reason), requests, durationSeconds, bytes, errors, latency,
        serviceTime, target, network, agents, verdicts, histogram, intervals, setup, timeline);
  }

  /** Requests sent: every completed response plus every request a socket error ended. */
  public long attempts() {
    return requests + errors.socketTotal();
  }

  /** Responses with a status in 200-399: what the server did right. */
  public long succeeded() {
    return requests - errors.get(ErrorClass.STATUS);
  }

  /** Errors of every class as a share of {@link #attempts()}, 0 to 1; 0 when nothing was sent. */
  public double errorShare() {
    long attempts = attempts();
    return attempts == 0 ? 0 : (double) errors.total() / attempts;
  }

  public double rps() {
    return durationSeconds > 0 ? requests / durationSeconds : 0;
  }

  public double bytesPerSecond() {
    return durationSeconds > 0 ? bytes / durationSeconds : 0;
  }
}
