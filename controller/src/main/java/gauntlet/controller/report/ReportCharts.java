package gauntlet.controller.report;

import gauntlet.core.ErrorClass;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.Runtimes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * The charts of report.html: for every ledger table the cells overlaid, and for every cell its own
 * set, each from the cell's per-second timeline and merged histogram.
 */
final class ReportCharts {
  private static final String[] PALETTE = {"#7b61ff", "#d9534f", "#f0ad4e", "#5cb85c", "#8a6d3b", "#337ab7"};
  private static final double MIB = 1024.0 * 1024.0;
  /** HdrHistogram's percentile plots use 5 ticks per half distance to 100%. */
  private static final int TICKS_PER_HALF_DISTANCE = 5;
  private static final String LIMIT_COLOR = "#b00020";
  private static final String TIME = "time";
  private static final String SECONDS = "seconds into the measured window";


  private record Quantile(String name, String color, double width, boolean dash,
      Function<LatencySummary, Double> value) {}

  private static final List<Quantile> QUANTILES = List.of(
      new Quantile("p50", "#2f80ed", 2, false, LatencySummary::p50Ms),
      new Quantile("p90", "#27ae60", 2, false, LatencySummary::p90Ms),
      new Quantile("p99", "#e67e22", 2, false, LatencySummary::p99Ms),
      new Quantile("max", "#c0392b", 1.5, true, LatencySummary::maxMs));

  private ReportCharts() {}

  /** A column of a table that has a measured cell, with its display name and colour. */
  record Drawn(String header, String color, CellResult cell) {}

  /** The table's measured cells, coloured by runtime. */
  static List<Drawn> drawn(LedgerTable table) {
    List<Drawn> drawn = new ArrayList<>();
    int index = 0;
    for (LedgerColumn column : table.columns()) {
      String color = color(column.runtime(), index++);
      column.cell().filter(c -> !c.failed() && !c.timeline().load().isEmpty())
          .ifPresent(c -> drawn.add(new Drawn(column.header(), color, c)));
    }
    return drawn;
  }

  /** The table's cells overlaid, one chart per measure. */
  static List<ChartSpec> overlaid(String prefix, List<Drawn> cells, RunResult run) {
    AlignedColumns rps = new AlignedColumns();
    AlignedColumns latency = new AlignedColumns();
    AlignedColumns errors = new AlignedColumns();
    AlignedColumns cpu = new AlignedColumns();
    AlignedColumns memory = new AlignedColumns();
    AlignedColumns agents = new AlignedColumns();
    AlignedColumns percentiles = new AlignedColumns();
    Set<Double> quotas = new LinkedHashSet<>();
    for (Drawn d : cells) {
      CellTimeline t = d.cell().timeline();
      rps.add(line(d.header(), d.color()), load(t, s -> (double) s.requests()));
      latency.add(new ChartSpec.Line(d.header() + " p99", d.color(), 2, false), load(t, s -> positive(s.latency().p99Ms())));
      latency.add(new ChartSpec.Line(d.header() + " p50", d.color(), 1.5, true), load(t, s -> positive(s.latency().p50Ms())));
      errors.add(line(d.header(), d.color()), load(t, s -> (double) s.errors().total()));
      cpu.add(line(d.header(), d.color()), target(t, TargetSecond::cpuPct));
      memory.add(line(d.header(), d.color()), target(t, s -> s.memoryBytes() / MIB));
      for (String agent : agentNames(t)) {
        agents.add(line(d.header() + " · " + agent, d.color()), load(t, s -> s.agentCpuPct().get(agent)));
      }
      percentiles.add(line(d.header(), d.color()), percentiles(d.cell().histogram()));
      quotas.add(d.cell().cell().cpus());
    }
    List<Double> seconds = seconds(cells);
    memory.domain(seconds);
    cpu.domain(seconds);
    for (double quota : quotas) {
      limit(cpu, "quota " + Cell.formatCpus(quota) + " cpu", quota * 100, seconds);
    }
    List<ChartSpec> charts = new ArrayList<>();
    charts.add(rps.chart(prefix + "-rps", "Throughput", TIME, SECONDS, "requests/s", "rps", false));
    charts.add(latency.chart(prefix + "-latency", "Latency per second: p99 (solid), p50 (dashed)", TIME, SECONDS,
        "ms (log scale)", "ms", true));
    charts.add(errors.chart(prefix + "-errors", "Errors per second (all classes)", TIME, SECONDS, "errors/s", "count",
        false));
    addMachineCharts(charts, prefix, run, cpu, memory, agents, percentiles);
    return charts;
  }

  /** One cell on its own, every measure broken down (quantiles, error classes, agents). */
  static List<ChartSpec> single(String prefix, Drawn d, RunResult run) {
    CellTimeline t = d.cell().timeline();
    List<Double> seconds = seconds(List.of(d));
    AlignedColumns rps = new AlignedColumns().add(line("requests/s", d.color()), load(t, s -> (double) s.requests()));
    AlignedColumns latency = new AlignedColumns();
    for (Quantile q : QUANTILES) {
      latency.add(new ChartSpec.Line(q.name(), q.color(), q.width(), q.dash()),
          load(t, s -> positive(q.value().apply(s.latency()))));
    }
    AlignedColumns errors = new AlignedColumns();
    for (ErrorClass e : ErrorClass.ALL) {
      errors.add(line(e.key(), e.chartColor()), load(t, s -> (double) s.errors().get(e)));
    }
    AlignedColumns cpu = new AlignedColumns().domain(seconds).add(line("CPU", d.color()), target(t, TargetSecond::cpuPct));
    limit(cpu, "quota " + Cell.formatCpus(d.cell().cell().cpus()) + " cpu", d.cell().cell().cpus() * 100, seconds);
    AlignedColumns memory = new AlignedColumns().domain(seconds)
        .add(line("memory", d.color()), target(t, s -> s.memoryBytes() / MIB));
    AlignedColumns agents = new AlignedColumns();
    int i = 0;
    for (String agent : agentNames(t)) {
      agents.add(line(agent, PALETTE[i++ % PALETTE.length]), load(t, s -> s.agentCpuPct().get(agent)));
    }
    AlignedColumns percentiles = new AlignedColumns().add(line(d.header(), d.color()),
        percentiles(d.cell().histogram()));
    List<ChartSpec> charts = new ArrayList<>();
    charts.add(rps.chart(prefix + "-rps", "Throughput", TIME, SECONDS, "requests/s", "rps", false));
    charts.add(latency.chart(prefix + "-latency", "Latency per second", TIME, SECONDS, "ms (log scale)", "ms", true));
    charts.add(errors.chart(prefix + "-errors", "Errors per second by class", TIME, SECONDS, "errors/s", "count",
        false));
    addMachineCharts(charts, prefix, run, cpu, memory, agents, percentiles);
    return charts;
  }

  /** The charts both views end with: the target's CPU and memory, the generators' CPU, the percentiles. */
  private static void addMachineCharts(List<ChartSpec> charts, String prefix, RunResult run, AlignedColumns cpu,
      AlignedColumns memory, AlignedColumns agents, AlignedColumns percentiles) {
    charts.add(cpu.chart(prefix + "-cpu", "Target CPU (100 % = one core)", TIME, SECONDS, "CPU %", "pct", false));
    charts.add(memory.chart(prefix + "-memory", memoryTitle(run), TIME, SECONDS, "MiB", "mib", false));
    charts.add(agents.chart(prefix + "-agents", "Load generator CPU per agent", TIME, SECONDS, "CPU %", "pct", false));
    charts.add(percentiles.chart(prefix + "-percentiles", "Latency by percentile", "percentile", "percentile",
        "ms (log scale)", "ms", true));
  }

  /**
   * (1/(1-p), latency ms) at HdrHistogram's percentile ticks (5 per halving of the distance to
   * 100 %), up to the last tick the count resolves, then the maximum at 1 - 1/count.
   */
  static Map<Double, Double> percentiles(Histogram micros) {
    Map<Double, Double> points = new LinkedHashMap<>();
    long count = micros.getTotalCount();
    if (count == 0) {
      return points;
    }
    for (int k = 0; ; k++) {
      double x = Math.pow(2, k / (double) TICKS_PER_HALF_DISTANCE);
      if (x >= count) {
        break;
      }
      double percentile = 100 * (1 - 1 / x);
      points.put(x, positive(micros.getValueAtPercentile(percentile) / 1000.0));
    }
    points.put((double) count, positive(micros.getMaxValue() / 1000.0));
    return points;
  }

  private static Map<Double, Double> load(CellTimeline t, Function<LoadSecond, Double> value) {
    Map<Double, Double> points = new LinkedHashMap<>();
    for (LoadSecond s : t.load()) {
      points.put((double) s.second(), value.apply(s));
    }
    return points;
  }

  /** A reading covers the second before it: the one taken at ~3.0 s is second 3. */
  private static Map<Double, Double> target(CellTimeline t, Function<TargetSecond, Double> value) {
    Map<Double, Double> points = new LinkedHashMap<>();
    for (TargetSecond s : t.target()) {
      points.put((double) Math.max(1, Math.round(s.second())), value.apply(s));
    }
    return points;
  }

  private static List<Double> seconds(List<Drawn> cells) {
    int last = 0;
    for (Drawn d : cells) {
      for (LoadSecond s : d.cell().timeline().load()) {
        last = Math.max(last, s.second());
      }
    }
    List<Double> seconds = new ArrayList<>();
    for (int s = 1; s <= last; s++) {
      seconds.add((double) s);
    }
    return seconds;
  }

  private static void limit(AlignedColumns columns, String label, double value, List<Double> seconds) {
    if (value <= 0 || seconds.isEmpty()) {
      return;
    }
    Map<Double, Double> line = new LinkedHashMap<>();
    seconds.forEach(s -> line.put(s, value));
    columns.add(new ChartSpec.Line(label, LIMIT_COLOR, 1.5, true), line);
  }

  /** The limit in the title rather than as a line: 50 MiB used under a 512 MiB line would be a flat line. */
  private static String memoryTitle(RunResult run) {
    long limit = run.plan().target().memoryBytes();
    return "Target memory" + (limit > 0 ? " (limit " + Figures.memory(limit) + ")" : "");
  }

  private static Set<String> agentNames(CellTimeline t) {
    Set<String> names = new java.util.TreeSet<>();
    t.load().forEach(s -> names.addAll(s.agentCpuPct().keySet()));
    return names;
  }

  /** Log axes cannot draw zero: a second without a latency is a gap. */
  private static Double positive(double value) {
    return value > 0 ? value : null;
  }

  private static ChartSpec.Line line(String label, String color) {
    return new ChartSpec.Line(label, color, 2, false);
  }

  static String color(String runtime, int index) {
    return switch (runtime) {
      case "node" -> "#3c873a";
      case "bun" -> "#c9a227";
      case Runtimes.GO -> "#00add8";
      default -> PALETTE[index % PALETTE.length];
    };
  }
}
