package gauntlet.controller.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gauntlet.core.AgentVersion;
import gauntlet.core.ErrorClass;
import gauntlet.core.ErrorCounts;
import gauntlet.controller.plan.AgentEndpoint;
import gauntlet.controller.plan.Durations;
import gauntlet.controller.plan.Expectation;
import gauntlet.controller.plan.LoadPlan;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.TargetPlan;
import gauntlet.controller.stats.Interval;
import gauntlet.controller.stats.MeanInterval;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The run as {@code results.json}: DESIGN.md's shape ({@code plan}, {@code agents}, {@code cells}
 * with requests, errors, latency_ms, target and network) plus status, failure, service time,
 * verdicts, warnings, the load's network path, the target's quota and saturation, the host's CPU,
 * the load agents' clock offsets and start skew, and each cell's per-second timeline.
 */
public final class ResultsJsonWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultsJsonWriter() {}

  /** The document as text, ending in a newline. */
  public static String render(RunResult run) {
    try {
      return MAPPER.writeValueAsString(tree(run)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A tree of plain values always serialises", e);
    }
  }

  /** The document as a Jackson tree. */
  public static ObjectNode tree(RunResult run) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("run_id", run.runId());
    root.put("gauntlet_version", AgentVersion.current());
    root.put("started", run.started().toString());
    root.put("cells_planned", run.plan().cells().size());
    root.put("cells_done", run.cells().size());
    root.put("cells_failed", run.cells().stream().filter(CellResult::failed).count());
    double maxErrors = run.plan().load().maxErrors();
    root.put("cells_degraded", run.cells().stream()
        .filter(c -> CellOutcome.of(c, maxErrors).status() == CellStatus.DEGRADED).count());
    root.set("plan", plan(run.plan()));
    ArrayNode agents = root.putArray("agents");
    for (AgentSummary agent : run.agents()) {
      ObjectNode a = agents.addObject();
      a.put("name", agent.name());
      a.put("address", agent.address());
      a.put("version", agent.version());
      a.put("hostname", agent.hostname());
      a.put("cores", agent.cores());
      a.put("memory_bytes", agent.memoryBytes());
      a.put("os", agent.os());
      number(a, "clock_offset_ms", agent.clockOffsetMs(), 3);
      number(a, "clock_rtt_ms", agent.clockRttMs(), 3);
    }
    RunSchedule schedule = run.schedule();
    ObjectNode order = root.putObject("schedule");
    order.put("repeat", schedule.repeat());
    order.put("order", schedule.order().label());
    order.put("seed", schedule.seed());
    ArrayNode rounds = order.putArray("rounds");
    schedule.rounds().forEach(r -> strings(rounds.addArray(), r));
    ArrayNode cells = root.putArray("cells");
    for (CellResult cell : run.cells()) {
      ObjectNode node = cell(cell, maxErrors);
      List<CellResult> runs = run.runsOf(cell);
      if (runs.size() > 1) {
        node.putNull("hlog");
      }
      statistics(node, runs);
      ArrayNode repetitions = node.putArray("repetitions");
      for (int i = 0; i < runs.size(); i++) {
        repetitions.add(repetition(runs.get(i), i + 1, runs.size()));
      }
      cells.add(node);
    }
    ArrayNode comparisons = root.putArray("comparisons");
    for (Comparison comparison : Comparisons.of(run)) {
      ObjectNode c = comparisons.addObject();
      c.put("figure", comparison.figure().key());
      c.put("a", comparison.a());
      c.put("b", comparison.b());
      number(c, "ratio", comparison.ratio().ratio(), 4);
      interval(c, "ci95", comparison.ratio().ci95(), 4);
      c.put("significant", comparison.ratio().significant());
    }
    ArrayNode expectations = root.putArray("expectations");
    for (ExpectationResult r : ExpectationResult.of(run)) {
      ObjectNode e = expectations.addObject();
      e.put("cell", r.cellId());
      e.put("figure", r.expectation().figure().key());
      e.put("expected", r.expectation().written());
      if (r.measured().isPresent()) {
        number(e, "measured", r.measured().getAsDouble(), r.expectation().figure() == Expectation.Figure.ERRORS ? 6 : 3);
      } else {
        e.putNull("measured");
      }
      e.put("passed", r.passed());
    }
    return root;
  }

  private static ObjectNode plan(Plan plan) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("name", plan.name());
    ObjectNode agents = node.putObject("agents");
    for (AgentEndpoint agent : plan.agents().values()) {
      agents.put(agent.name(), agent.toString());
    }
    node.put("auth", plan.tokenFile().isPresent());
    node.put("tls", plan.tls().isPresent());
    TargetPlan t = plan.target();
    ObjectNode target = node.putObject("target");
    target.put("agent", t.agent());
    strings(target.putArray("runtime"), t.runtimes());
    target.put("launcher", t.launcher().isEmpty() ? null : t.launcher());
    ArrayNode cpus = target.putArray("cpus");
    t.cpus().forEach(cpus::add);
    target.put("memory_bytes", t.memoryBytes());
    ArrayNode cluster = target.putArray("cluster");
    t.cluster().forEach(cluster::add);
    target.put("port", t.port());
    target.put("network", t.network());
    target.put("health_timeout", Durations.format(t.healthTimeout()));
    LoadPlan l = plan.load();
    ObjectNode load = node.putObject("load");
    strings(load.putArray("agents"), l.agents());
    load.put("url", l.url().template());
    load.put("method", l.method());
    load.put("threads", l.threads());
    load.put("connections", l.connections());
    load.put("duration", Durations.format(l.duration()));
    load.put("warmup", Durations.format(l.warmup()));
    load.put("timeout", Durations.format(l.timeout()));
    load.put("rate", l.rate());
    load.put("probe", Durations.format(l.probe()));
    load.put("separate_from_target", l.separateFromTarget());
    number(load, "max_errors", l.maxErrors(), 6);
    node.put("on_agent_loss", plan.onAgentLoss().name().toLowerCase(java.util.Locale.ROOT));
    ArrayNode matrix = node.putArray("cells");
    plan.cells().forEach(c -> matrix.add(c.id()));
    return node;
  }

  private static ObjectNode cell(CellResult result, double maxErrors) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", result.cell().id());
    node.put("index", result.cell().index());
    node.put("runtime", result.cell().runtime());
    node.put("cpus", result.cell().cpus());
    node.put("cluster", result.cell().cluster());
    node.put("copy", result.cell().copy());
    node.put("native", result.cell().clusterNative());
    node.put("launcher", result.launcher());
    CellOutcome outcome = CellOutcome.of(result, maxErrors);
    node.put("status", outcome.status().json());
    node.put("status_reason", outcome.reason().orElse(null));
    node.put("failure", result.failure().orElse(null));
    List<Histogram> intervals = result.intervals();
    node.put("started", intervals.isEmpty() ? null : Instant.ofEpochMilli(intervals.get(0).getStartTimeStamp()).toString());
    node.put("ended", intervals.isEmpty() ? null
        : Instant.ofEpochMilli(intervals.get(intervals.size() - 1).getEndTimeStamp()).toString());
    node.put("requests", result.requests());
    number(node, "duration_s", result.durationSeconds(), 3);
    number(node, "rps", result.rps(), 2);
    node.put("bytes", result.bytes());
    number(node, "bytes_per_s", result.bytesPerSecond(), 1);
    node.set("errors", errors(result.errors()));
    LatencyJson.put(node, "latency_ms", result.latency());
    if (result.serviceTime().isPresent()) {
      LatencyJson.put(node, "service_ms", result.serviceTime().get());
    } else {
      node.putNull("service_ms");
    }
    ObjectNode target = node.putObject("target");
    number(target, "cpu_mean_pct", result.target().cpuMeanPct(), 1);
    number(target, "cpu_peak_pct", result.target().cpuPeakPct(), 1);
    target.put("mem_peak_bytes", result.target().memPeakBytes());
    target.put("processes", result.target().processes());
    target.put("samples", result.target().samples());
    CellSetup setup = result.setup();
    if (setup.quotaCpus() > 0) {
      number(target, "quota_cpus", setup.quotaCpus(), 3);
      number(target, "peak_of_quota_pct", result.target().cpuPeakPct() / setup.quotaCpus(), 1);
    } else {
      target.putNull("quota_cpus");
      target.putNull("peak_of_quota_pct");
    }
    if (setup.saturated() == null) {
      target.putNull("saturated");
    } else {
      target.put("saturated", setup.saturated());
    }
    ObjectNode host = node.putObject("host");
    if (setup.host().samples() > 0) {
      number(host, "cpu_mean_pct", setup.host().cpuMeanPct(), 1);
      host.put("cores", setup.host().cores());
    } else {
      host.putNull("cpu_mean_pct");
      host.putNull("cores");
    }
    host.put("samples", setup.host().samples());
    node.put("network_path", setup.paths().isEmpty() ? null : setup.networkPath());
    ObjectNode network = node.putObject("network");
    for (NetworkProbeResult probe : result.network()) {
      ObjectNode p = network.putObject(probe.agent());
      number(p, "rtt_min_ms", probe.rttMinMs(), 3);
      number(p, "rtt_avg_ms", probe.rttAvgMs(), 3);
      number(p, "rtt_max_ms", probe.rttMaxMs(), 3);
      number(p, "bits_per_s", probe.bitsPerSecond(), 0);
    }
    ArrayNode agents = node.putArray("load_agents");
    for (AgentLoadResult agent : result.agents()) {
      ObjectNode a = agents.addObject();
      a.put("agent", agent.agent());
      a.put("requests", agent.requests());
      a.put("bytes", agent.bytes());
      a.set("errors", errors(agent.errors()));
      number(a, "clock_offset_ms", agent.clockOffsetMs(), 3);
      number(a, "clock_rtt_ms", agent.clockRttMs(), 3);
      number(a, "start_skew_ms", agent.startSkewMs(), 3);
      number(a, "cpu_peak_pct", agent.cpuPeakPct(), 1);
      number(a, "busiest_loop_cpu_pct", agent.busiestLoopCpuPct(), 1);
      a.put("cores", agent.cores());
      LoadPath path = setup.paths().stream().filter(p -> p.agent().equals(agent.agent())).findFirst().orElse(null);
      a.put("network_path", path == null ? null : path.path());
      a.put("url", path == null ? null : path.url());
    }
    strings(node.putArray("verdicts"), result.verdicts());
    strings(node.putArray("warnings"), setup.warnings());
    node.put("ran", setup.ran().isEmpty() ? null : setup.ran());
    node.put("hlog", HlogWriter.hasIntervals(result) ? HlogWriter.fileName(result) : null);
    node.set("timeline", timeline(result.timeline()));
    return node;
  }

  /** {@code mean} and {@code ci95} of the figures that get intervals, over the measured repetitions. */
  private static void statistics(ObjectNode node, List<CellResult> runs) {
    ObjectNode mean = node.putObject("mean");
    ObjectNode ci = node.putObject("ci95");
    int n = 0;
    for (CellFigure figure : CellFigure.withInterval()) {
      MeanInterval interval = MeanInterval.of(figure.of(runs));
      n = Math.max(n, interval.n());
      number(mean, figure.key(), interval.mean(), figure == CellFigure.RPS ? 2 : 3);
      interval(ci, figure.key(), interval.ci95(), figure == CellFigure.RPS ? 2 : 3);
    }
    mean.put("n", n);
  }

  private static void interval(ObjectNode node, String field, java.util.Optional<Interval> interval, int decimals) {
    if (interval.isEmpty()) {
      node.putNull(field);
      return;
    }
    ArrayNode pair = node.putArray(field);
    pair.add(rounded(interval.get().lo(), decimals));
    pair.add(rounded(interval.get().hi(), decimals));
  }

  /** One repetition's own figures: what the summary and the intervals rest on. */
  private static ObjectNode repetition(CellResult run, int repetition, int of) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("repetition", repetition);
    node.put("status", run.failed() ? "failed" : "ok");
    node.put("failure", run.failure().orElse(null));
    List<Histogram> intervals = run.intervals();
    node.put("started", intervals.isEmpty() ? null : Instant.ofEpochMilli(intervals.get(0).getStartTimeStamp()).toString());
    node.put("requests", run.requests());
    number(node, "duration_s", run.durationSeconds(), 3);
    number(node, "rps", run.rps(), 2);
    node.set("errors", errors(run.errors()));
    LatencyJson.put(node, "latency_ms", run.latency());
    ObjectNode target = node.putObject("target");
    number(target, "cpu_mean_pct", run.target().cpuMeanPct(), 1);
    number(target, "cpu_peak_pct", run.target().cpuPeakPct(), 1);
    target.put("mem_peak_bytes", run.target().memPeakBytes());
    if (run.setup().saturated() == null) {
      target.putNull("saturated");
    } else {
      target.put("saturated", run.setup().saturated());
    }
    strings(node.putArray("verdicts"), run.verdicts());
    node.put("hlog", !HlogWriter.hasIntervals(run) ? null
        : of == 1 ? HlogWriter.fileName(run) : HlogWriter.fileName(run, repetition));
    return node;
  }

  /** The measured window second by second, so any tool can redraw the report's charts. */
  private static ObjectNode timeline(CellTimeline timeline) {
    ObjectNode node = MAPPER.createObjectNode();
    ArrayNode load = node.putArray("load");
    for (LoadSecond second : timeline.load()) {
      ObjectNode s = load.addObject();
      s.put("second", second.second());
      s.put("requests", second.requests());
      s.put("bytes", second.bytes());
      s.set("errors", errors(second.errors()));
      LatencyJson.put(s, "latency_ms", second.latency());
      ObjectNode cpu = s.putObject("agent_cpu_pct");
      second.agentCpuPct().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
          .forEach(e -> number(cpu, e.getKey(), e.getValue(), 1));
    }
    ArrayNode target = node.putArray("target");
    for (TargetSecond second : timeline.target()) {
      ObjectNode s = target.addObject();
      number(s, "second", second.second(), 3);
      number(s, "cpu_pct", second.cpuPct(), 1);
      s.put("memory_bytes", second.memoryBytes());
    }
    return node;
  }

  private static ObjectNode errors(ErrorCounts errors) {
    ObjectNode node = MAPPER.createObjectNode();
    for (ErrorClass c : ErrorClass.ALL) {
      node.put(c.key(), errors.get(c));
    }
    node.put("total", errors.total());
    return node;
  }


  /** Rounded to what the measurement resolves (latencies: microseconds); NaN and infinity are null. */
  private static void number(ObjectNode node, String field, double value, int decimals) {
    Double rounded = rounded(value, decimals);
    if (rounded == null) {
      node.putNull(field);
    } else {
      node.put(field, rounded);
    }
  }

  /** The figure as results.json writes it (results.csv uses the same), null when not finite. */
  static Double rounded(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return null;
    }
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().doubleValue();
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
