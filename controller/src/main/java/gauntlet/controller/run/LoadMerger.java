package gauntlet.controller.run;

import gauntlet.controller.report.LatencySummary;
import gauntlet.controller.report.LoadSecond;
import gauntlet.core.ErrorCounts;
import gauntlet.v1.IntervalReport;
import gauntlet.wire.HistogramAdder;
import gauntlet.wire.LatencyHistograms;
import gauntlet.wire.SlotCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Merges the interval reports of every load agent of a cell, exactly: the cell's histogram is the
 * HdrHistogram sum of all measured interval histograms, never an average of percentiles. Intervals
 * are also summed per second of the controller's clock, for the timeline and the .hlog. The one
 * path from interval reports to totals: {@code run} merges its agents here and {@code gauntlet load}
 * its single in-process engine, so results.json and {@code load --json} add up the same way.
 */
public final class LoadMerger {
  private final long intervalNanos;
  private final long originUnixNanos;
  private final Map<String, AgentTally> agents = new LinkedHashMap<>();
  /** Adds each interval's encoded histogram into its second's bucket; used under this merger's lock. */
  private final HistogramAdder adder = new HistogramAdder();
  private final TreeMap<Integer, Bucket> timeline = new TreeMap<>();
  private Histogram serviceTime;

  /**
   * @param agents load agents, in plan order
   * @param originUnixNanos start of the measured window on the controller's clock
   */
  public LoadMerger(List<String> agents, Duration interval, long originUnixNanos) {
    this.intervalNanos = interval.toNanos();
    this.originUnixNanos = originUnixNanos;
    for (String agent : agents) {
      this.agents.putIfAbsent(agent, new AgentTally(this.agents.size()));
    }
  }

  public static final class AgentTally {
    /** Where this agent's CPU goes in each second's {@link Bucket#agentCpu}. */
    final int ordinal;
    long requests;
    long bytes;
    long measuredNanos;
    ErrorCounts errors = ErrorCounts.NONE;
    double cpuPeak;
    double loopCpuSum;
    int loopCpuSamples;
    double cpuSum;
    long startedControllerNanos;
    boolean started;

    AgentTally(int ordinal) {
      this.ordinal = ordinal;
    }

    /** Mean over the measured intervals of the busiest event loop's CPU. */
    double busiestLoopCpu() {
      return loopCpuSamples == 0 ? 0 : loopCpuSum / loopCpuSamples;
    }

    /** Mean CPU of the agent's process over the measured intervals, 100 = one core. */
    double cpuMean() {
      return loopCpuSamples == 0 ? 0 : cpuSum / loopCpuSamples;
    }
  }

  private final class Bucket {
    final SlotCounts latency = new SlotCounts();
    long requests;
    long bytes;
    ErrorCounts errors = ErrorCounts.NONE;
    /**
     * Each agent's highest CPU in the second, by {@link AgentTally#ordinal}; NaN until it reports.
     * A map of boxed doubles here, a thousand puts a second into long-lived buckets, kept G1's
     * refinement threads busy (bench/controller-scale.sh).
     */
    final double[] agentCpu = new double[agents.size()];

    Bucket() {
      Arrays.fill(agentCpu, Double.NaN);
    }

    void agentCpu(AgentTally tally, double percent) {
      double seen = agentCpu[tally.ordinal];
      agentCpu[tally.ordinal] = Double.isNaN(seen) ? percent : Math.max(seen, percent);
    }

    Map<String, Double> agentCpuByName() {
      Map<String, Double> byName = new LinkedHashMap<>();
      agents.forEach((name, tally) -> {
        if (!Double.isNaN(agentCpu[tally.ordinal])) {
          byName.put(name, agentCpu[tally.ordinal]);
        }
      });
      return byName;
    }
  }

  /** The agent's load started at this instant of its own clock. */
  public synchronized void started(String agent, ClockEstimate clock, long startedAgentNanos) {
    AgentTally tally = tally(agent);
    tally.started = true;
    tally.startedControllerNanos = clock.toController(startedAgentNanos);
  }

  /**
   * Adds one agent's interval.
   *
   * @return the measured interval as decoded, for live metrics; empty during warm-up
   */
  public synchronized Optional<Progress.Interval> add(String agent, ClockEstimate clock, IntervalReport report) {
    AgentTally tally = tally(agent);
    tally.cpuPeak = Math.max(tally.cpuPeak, report.getAgentCpuPct());
    if (report.getWarmup()) {
      return Optional.empty();
    }
    ErrorCounts errors = ErrorCounts.fromWire(report.getErrors());
    if (!report.getServiceHistogram().isEmpty()) {
      if (serviceTime == null) {
        serviceTime = LatencyHistograms.create();
      }
      adder.add(report.getServiceHistogram(), serviceTime);
    }
    tally.loopCpuSum += report.getLoopCpuMaxPct();
    tally.cpuSum += report.getAgentCpuPct();
    tally.loopCpuSamples++;
    tally.requests += report.getRequests();
    tally.bytes += report.getBytes();
    tally.errors = tally.errors.plus(errors);
    tally.measuredNanos += report.getEndUnixNanos() - report.getStartUnixNanos();

    long start = clock.toController(report.getStartUnixNanos());
    int index = (int) Math.max(0, Math.floorDiv(start - originUnixNanos + intervalNanos / 2, intervalNanos));
    Bucket bucket = timeline.computeIfAbsent(index, i -> new Bucket());
    // Each interval is added once, into its second's slot counts; the cell's histogram is the sum
    // of the seconds (result()). Decoding each into a histogram and adding it to both cost 33 % of a
    // core at 1,000 agents (bench/controller-scale.sh).
    adder.add(report.getLatencyHistogram(), bucket.latency);
    bucket.requests += report.getRequests();
    bucket.bytes += report.getBytes();
    bucket.errors = bucket.errors.plus(errors);
    bucket.agentCpu(tally, report.getAgentCpuPct());
    return Optional.of(new Progress.Interval(agent, report.getRequests(), errors, report.getLatencyHistogram()));
  }

  private AgentTally tally(String agent) {
    AgentTally tally = agents.get(agent);
    if (tally == null) {
      throw new IllegalArgumentException("Report from agent '" + agent + "', which is not loading this cell");
    }
    return tally;
  }

  /** A line's worth of the most recent whole second, for live progress. */
  synchronized Optional<Progress.Second> latestSecond() {
    if (timeline.size() < 2) {
      return Optional.empty();
    }
    // The newest bucket may still be waiting for slower agents' reports; show the one before it.
    Map.Entry<Integer, Bucket> entry = timeline.lowerEntry(timeline.lastKey());
    Bucket b = entry.getValue();
    return Optional.of(new Progress.Second(entry.getKey() + 1, b.requests * 1e9 / intervalNanos,
        b.latency.toHistogram().getValueAtPercentile(99) / 1000.0, b.errors.total()));
  }

  public synchronized Merged result() {
    long requests = 0;
    long bytes = 0;
    double durationSum = 0;
    int measuredAgents = 0;
    ErrorCounts errors = ErrorCounts.NONE;
    for (AgentTally t : agents.values()) {
      requests += t.requests;
      bytes += t.bytes;
      errors = errors.plus(t.errors);
      if (t.measuredNanos > 0) {
        durationSum += t.measuredNanos / 1e9;
        measuredAgents++;
      }
    }
    double duration = measuredAgents == 0 ? 0 : durationSum / measuredAgents;
    List<Histogram> intervals = new ArrayList<>();
    List<LoadSecond> seconds = new ArrayList<>();
    Histogram latency = LatencyHistograms.create();
    for (Map.Entry<Integer, Bucket> e : timeline.entrySet()) {
      Bucket b = e.getValue();
      Histogram h = b.latency.toHistogram();
      latency.add(h);
      long startMs = (originUnixNanos + e.getKey() * intervalNanos) / 1_000_000;
      h.setStartTimeStamp(startMs);
      h.setEndTimeStamp(startMs + intervalNanos / 1_000_000);
      intervals.add(h);
      seconds.add(new LoadSecond(e.getKey() + 1, b.requests, b.bytes, b.errors, LatencySummary.of(h),
          b.agentCpuByName()));
    }
    return new Merged(requests, bytes, duration, errors, latency,
        Optional.ofNullable(serviceTime).map(Histogram::copy), intervals, seconds, Map.copyOf(agents));
  }

  /** The merged figures of a cell. */
  public record Merged(
      long requests,
      long bytes,
      double durationSeconds,
      ErrorCounts errors,
      Histogram latency,
      Optional<Histogram> serviceTime,
      List<Histogram> intervals,
      List<LoadSecond> seconds,
      Map<String, AgentTally> agents) {}
}
