package gauntlet.controller.report;

import gauntlet.controller.plan.UrlTemplate;

import gauntlet.core.ErrorCounts;
import gauntlet.controller.plan.AgentEndpoint;
import gauntlet.controller.plan.AgentLossPolicy;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.LoadPlan;
import gauntlet.controller.plan.MatrixExpander;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.TargetPlan;
import gauntlet.wire.LatencyHistograms;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.HdrHistogram.Histogram;

/** Hand-built runs for the report tests, with the article's Phase 4 figures. */
final class SampleRuns {
  static final Instant STARTED = Instant.parse("2026-05-25T10:15:00Z");
  static final long MIB = 1024 * 1024;

  private SampleRuns() {}

  static Plan plan(List<String> runtimes, List<Double> cpus, List<Boolean> cluster, double rate) {
    Map<String, AgentEndpoint> agents = new LinkedHashMap<>();
    agents.put("target", new AgentEndpoint("target", "159.65.6.89", 7070));
    agents.put("attacker", new AgentEndpoint("attacker", "10.110.0.3", 7070));
    TargetPlan target = new TargetPlan("target", runtimes, "docker", cpus, 512 * MIB, cluster, 3000, "bridge",
        Duration.ofSeconds(60));
    LoadPlan load = new LoadPlan(List.of("attacker"), UrlTemplate.parse("http://{target}:3000/json"), "GET", Map.of(), "", 2, 200, Duration.ofSeconds(30),
        Duration.ZERO, Duration.ofSeconds(2), rate, Duration.ofSeconds(3), true);
    return new Plan("phase4", agents, Optional.empty(), Optional.empty(),
        gauntlet.controller.plan.SshSettings.defaults(java.nio.file.Path.of("/nonexistent")), target, load, AgentLossPolicy.CONTINUE,
        MatrixExpander.expand(runtimes, cpus, cluster));
  }

  static Plan phase4Plan() {
    return plan(List.of("node", "go", "bun"), List.of(4.0), List.of(true), 0);
  }

  static List<AgentSummary> agents() {
    return List.of(
        new AgentSummary("target", "159.65.6.89:7070", "0.1.0", "target-vm", 4, 8L * 1024 * MIB, "Linux 6.1", 0.0, 0.4),
        new AgentSummary("attacker", "10.110.0.3:7070", "0.1.0", "attacker-vm", 2, 4L * 1024 * MIB, "Linux 6.1", 0.42,
            0.31));
  }

  /** A successful cell with the given figures; histograms empty (the ledger reads the summaries). */
  static CellResult cell(Cell cell, long requests, double seconds, double bytesPerSecond, ErrorCounts errors,
      LatencySummary latency, double cpuPeak, long memPeak) {
    return new CellResult(cell, "docker", Optional.empty(), requests, seconds, Math.round(bytesPerSecond * seconds),
        errors, latency, Optional.empty(), new TargetUsage(cpuPeak * 0.9, cpuPeak, memPeak, 1, (int) seconds),
        List.of(), List.of(), List.of(), LatencyHistograms.create(), List.of());
  }

  static CellResult failed(Cell cell, String reason) {
    return new CellResult(cell, "docker", Optional.of(reason), 0, 0, 0, ErrorCounts.NONE, LatencySummary.EMPTY,
        Optional.empty(), TargetUsage.NONE, List.of(), List.of(), List.of(), LatencyHistograms.create(), List.of());
  }

  static ErrorCounts timeouts(long n) {
    return ErrorCounts.of(0, 0, 0, n, 0);
  }

  /** The article's Phase 4 ledger: Node.js cluster, Go, Bun cluster on 4 cloud CPUs. */
  static RunResult phase4() {
    Plan plan = phase4Plan();
    List<Cell> cells = plan.cells();
    List<CellResult> results = List.of(
        cell(cells.get(0), 933_074, 30.075, 1.62 * MIB, ErrorCounts.NONE,
            new LatencySummary(8.62, 5.10, 12.40, 48.31, 210.55, 641.25), 415, 310 * MIB),
        cell(cells.get(1), 1_130_171, 30.044, 1.67 * MIB, ErrorCounts.NONE,
            new LatencySummary(5.79, 4.02, 9.80, 30.12, 120.40, 218.91), 340, 22 * MIB),
        cell(cells.get(2), 1_605_818, 30.0455, 1.76 * MIB, ErrorCounts.NONE,
            new LatencySummary(4.04, 3.51, 6.20, 15.07, 40.98, 76.54), 383, 180 * MIB));
    return new RunResult("phase4-20260525-101500", plan, STARTED, agents(), results);
  }

  /**
   * Interval histograms of {@code seconds} one-second intervals from {@code startMillis}, with
   * {@code perSecond} latencies each, and their exact sum.
   */
  static List<Histogram> intervals(long startMillis, int seconds, int perSecond, long seed) {
    Random random = new Random(seed);
    List<Histogram> intervals = new ArrayList<>();
    for (int s = 0; s < seconds; s++) {
      Histogram h = LatencyHistograms.create();
      for (int i = 0; i < perSecond + s * 10; i++) {
        h.recordValue(500 + (long) (Math.abs(random.nextGaussian()) * 3000));
      }
      h.setStartTimeStamp(startMillis + s * 1000L);
      h.setEndTimeStamp(startMillis + (s + 1) * 1000L);
      intervals.add(h);
    }
    return intervals;
  }

  static Histogram sum(List<Histogram> intervals) {
    Histogram total = LatencyHistograms.create();
    intervals.forEach(total::add);
    return total;
  }

  /** A cell whose histograms are real: its summary read from the sum of its intervals. */
  static CellResult measured(Cell cell, long startMillis, int seconds, long seed) {
    List<Histogram> intervals = intervals(startMillis, seconds, 1000, seed);
    Histogram total = sum(intervals);
    return new CellResult(cell, "process", Optional.empty(), total.getTotalCount(), seconds,
        total.getTotalCount() * 180, ErrorCounts.NONE, LatencySummary.of(total), Optional.empty(),
        new TargetUsage(90, 99, 50 * MIB, 1, seconds), List.of(), List.of(), List.of(), total, intervals,
        CellSetup.UNKNOWN, timeline(intervals, seed));
  }

  /**
   * The per-second timeline of those intervals: their counts and percentiles, one timeout in the
   * second second, the attacker's CPU and a target reading at the end of every second.
   */
  static CellTimeline timeline(List<Histogram> intervals, long seed) {
    List<LoadSecond> load = new ArrayList<>();
    List<TargetSecond> target = new ArrayList<>();
    for (int s = 0; s < intervals.size(); s++) {
      Histogram h = intervals.get(s);
      load.add(new LoadSecond(s + 1, h.getTotalCount(), h.getTotalCount() * 180, s == 1 ? timeouts(1) : ErrorCounts.NONE,
          LatencySummary.of(h), Map.of("attacker", 40.0 + s + seed)));
      target.add(new TargetSecond(s + 1.002, 85.0 + s, (40 + s) * MIB));
    }
    return new CellTimeline(load, target);
  }
}
