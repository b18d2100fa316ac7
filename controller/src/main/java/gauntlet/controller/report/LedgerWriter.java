package gauntlet.controller.report;

import gauntlet.agent.load.ErrorCounts;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.Plan;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The article's ledgers in Markdown: one table per CPU quota and clustering, one column per
 * runtime, the winner of each row marked. It reads as well in a terminal as rendered.
 */
public final class LedgerWriter {
  static final String TROPHY = " 🏆";
  static final String WARNING = " ⚠️";
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private LedgerWriter() {}

  /** A row: its label, how to show a cell, and which way is better (null: no winner). */
  private record Row(String label, Function<CellResult, String> show, ToDoubleFunction<CellResult> score,
      Better better) {}

  private enum Better { HIGHER, LOWER }

  public static String render(RunResult run) {
    Plan plan = run.plan();
    StringBuilder out = new StringBuilder();
    out.append("# Ledger: ").append(plan.name()).append("\n\n");
    out.append(describeRun(run)).append("\n");
    for (Map.Entry<String, List<CellResult>> group : groups(run.cells()).entrySet()) {
      out.append("\n## ").append(group.getKey()).append("\n\n");
      table(out, group.getValue(), plan);
      notes(out, group.getValue());
    }
    return out.toString();
  }

  private static String describeRun(RunResult run) {
    Plan plan = run.plan();
    var load = plan.load();
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Run `%s`, %s. Load: %s from %s, %d thread%s and %d connections per agent, "
            + "%s measured%s, timeout %s.%n",
        run.runId(), WHEN.format(run.started()),
        load.rate() > 0 ? String.format(Locale.ROOT, "open model at %,.0f req/s in total", load.rate()) : "closed model (wrk)",
        String.join(", ", load.agents()), load.threads(), load.threads() == 1 ? "" : "s", load.connections(),
        Figures.duration(load.duration()),
        load.warmup().isZero() ? "" : " after " + Figures.duration(load.warmup()) + " of warm-up",
        Figures.duration(load.timeout())));
    s.append(String.format(Locale.ROOT, "Target on agent `%s`: memory %s, port %d, %s network.%n", plan.target().agent(),
        plan.target().memoryBytes() > 0 ? Figures.mebibytes(plan.target().memoryBytes()) : "unlimited",
        plan.target().port(), plan.target().network()));
    for (AgentSummary a : run.agents()) {
      s.append(String.format(Locale.ROOT, "- agent `%s` at %s: %s, %d cores, %s, Gauntlet %s, clock offset %+.3f ms (rtt %.3f ms)%n",
          a.name(), a.address(), a.hostname(), a.cores(), Figures.mebibytes(a.memoryBytes()), a.version(),
          a.clockOffsetMs(), a.clockRttMs()));
    }
    return s.toString();
  }

  /** Cells grouped by CPU quota and clustering, in run order. */
  private static Map<String, List<CellResult>> groups(List<CellResult> cells) {
    boolean mixedClustering = cells.stream().map(c -> c.cell().cluster()).distinct().count() > 1;
    Map<String, List<CellResult>> groups = new LinkedHashMap<>();
    for (CellResult result : cells) {
      Cell cell = result.cell();
      String cores = cell.cpus() == 0 ? "Unlimited CPUs" : Cell.formatCpus(cell.cpus()) + " CPU Core" + (cell.cpus() == 1 ? "" : "s");
      String title = cores + (cell.cluster() ? " (Clustered)" : mixedClustering ? " (No Cluster)" : "");
      groups.computeIfAbsent(title, k -> new ArrayList<>()).add(result);
    }
    return groups;
  }

  private static void table(StringBuilder out, List<CellResult> cells, Plan plan) {
    List<Row> rows = rows(cells);
    List<String> headers = new ArrayList<>();
    headers.add("Metric");
    cells.forEach(c -> headers.add(columnTitle(c)));
    boolean goSkipped = cells.get(0).cell().cluster() && plan.target().runtimes().contains("go")
        && cells.stream().noneMatch(c -> c.cell().runtime().equals("go"));
    if (goSkipped) {
      headers.add("Go");
    }
    out.append("| ").append(String.join(" | ", headers)).append(" |\n");
    out.append("|").append("---|".repeat(headers.size())).append("\n");
    for (Row row : rows) {
      List<String> values = new ArrayList<>();
      values.add(row.label());
      List<Integer> winners = winners(cells, row);
      for (int i = 0; i < cells.size(); i++) {
        CellResult c = cells.get(i);
        String value;
        if (c.failed()) {
          value = row == rows.get(0) ? "failed: " + c.failure().get().replace("|", "\\|").replace("\n", " ") : "—";
        } else {
          value = row.show().apply(c) + (winners.contains(i) ? TROPHY : "");
        }
        values.add(value);
      }
      if (goSkipped) {
        values.add(row == rows.get(0) ? "N/A (Go handles natively)" : "");
      }
      out.append("| ").append(String.join(" | ", values)).append(" |\n");
    }
  }

  private static List<Row> rows(List<CellResult> cells) {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("Throughput (RPS)", c -> Figures.rps(c.rps()), CellResult::rps, Better.HIGHER));
    rows.add(new Row("Total Requests", c -> Figures.count(c.requests()), c -> c.requests(), Better.HIGHER));
    rows.add(new Row("Average Latency", c -> Figures.millis(c.latency().meanMs()), c -> c.latency().meanMs(), Better.LOWER));
    rows.add(new Row("p50 Latency", c -> Figures.millis(c.latency().p50Ms()), c -> c.latency().p50Ms(), Better.LOWER));
    rows.add(new Row("p99 Latency", c -> Figures.millis(c.latency().p99Ms()), c -> c.latency().p99Ms(), Better.LOWER));
    rows.add(new Row("p99.9 Latency", c -> Figures.millis(c.latency().p999Ms()), c -> c.latency().p999Ms(), Better.LOWER));
    rows.add(new Row("Max Outlier Latency", c -> Figures.millis(c.latency().maxMs()) + (outlier(c) ? WARNING : ""),
        c -> c.latency().maxMs(), Better.LOWER));
    if (cells.stream().anyMatch(c -> c.serviceTime().isPresent())) {
      rows.add(new Row("Service Time p99 (uncorrected)",
          c -> c.serviceTime().map(s -> Figures.millis(s.p99Ms())).orElse("—"),
          c -> c.serviceTime().map(LatencySummary::p99Ms).orElse(Double.NaN), Better.LOWER));
    }
    rows.add(new Row("Failed Requests", LedgerWriter::failures, c -> c.errors().total(), Better.LOWER));
    rows.add(new Row("Data Transfer Rate", c -> Figures.transferRate(c.bytesPerSecond()), CellResult::bytesPerSecond, null));
    rows.add(new Row("Peak CPU (100% = 1 core)", c -> c.target().samples() == 0 ? "—" : Figures.percent(c.target().cpuPeakPct()),
        c -> c.target().samples() == 0 ? Double.NaN : c.target().cpuPeakPct(), null));
    rows.add(new Row("Peak Memory", c -> c.target().samples() == 0 ? "—" : Figures.mebibytes(c.target().memPeakBytes()),
        c -> c.target().samples() == 0 ? Double.NaN : c.target().memPeakBytes(), Better.LOWER));
    return rows;
  }

  /**
   * The cells that win a row: the best value, when at least two cells compete and the best is
   * strictly better than every other.
   */
  private static List<Integer> winners(List<CellResult> cells, Row row) {
    if (row.better() == null) {
      return List.of();
    }
    int best = -1;
    int competitors = 0;
    boolean tie = false;
    for (int i = 0; i < cells.size(); i++) {
      if (cells.get(i).failed()) {
        continue;
      }
      double v = row.score().applyAsDouble(cells.get(i));
      if (Double.isNaN(v)) {
        continue;
      }
      competitors++;
      if (best < 0) {
        best = i;
        continue;
      }
      double b = row.score().applyAsDouble(cells.get(best));
      boolean better = row.better() == Better.HIGHER ? v > b : v < b;
      if (better) {
        best = i;
        tie = false;
      } else if (v == b) {
        tie = true;
      }
    }
    return competitors >= 2 && !tie && best >= 0 ? List.of(best) : List.of();
  }

  /** A request that ran into the timeout, or a max far beyond the tail, is worth a warning sign. */
  private static boolean outlier(CellResult c) {
    return c.errors().timeout() > 0 || c.latency().maxMs() > 10 * Math.max(1, c.latency().p999Ms());
  }

  private static String failures(CellResult c) {
    ErrorCounts e = c.errors();
    if (e.total() == 0) {
      return "0";
    }
    List<String> parts = new ArrayList<>();
    add(parts, e.connect(), "Connect");
    add(parts, e.read(), "Read");
    add(parts, e.write(), "Write");
    add(parts, e.timeout(), "Timeouts");
    add(parts, e.status(), "Non-2xx/3xx");
    return String.join(", ", parts) + WARNING;
  }

  private static void add(List<String> parts, long n, String what) {
    if (n > 0) {
      parts.add(Figures.count(n) + " " + what);
    }
  }

  static String runtimeName(String runtime) {
    return switch (runtime) {
      case "node" -> "Node.js";
      case "bun" -> "Bun";
      case "go" -> "Go";
      default -> runtime;
    };
  }

  static String columnTitle(CellResult result) {
    Cell cell = result.cell();
    String cores = cell.cpus() == 0 ? "no CPU limit" : Cell.formatCpus(cell.cpus()) + (cell.cpus() == 1 ? " Core" : " Cores");
    String name = runtimeName(cell.runtime());
    if (cell.clusterNative()) {
      return name + " (" + cores + ", native)";
    }
    return name + (cell.cluster() ? " Cluster" : "") + " (" + cores + ")";
  }

  private static void notes(StringBuilder out, List<CellResult> cells) {
    List<String> notes = new ArrayList<>();
    for (CellResult c : cells) {
      String who = columnTitle(c);
      if (!c.failed()) {
        notes.add(String.format(Locale.ROOT, "%s: %s launcher, %,d requests in %.1f s, mean CPU %s over %d samples%s.",
            who, c.launcher(), c.requests(), c.durationSeconds(), Figures.percent(c.target().cpuMeanPct()),
            c.target().samples(), c.target().processes() > 1 ? ", " + c.target().processes() + " server processes" : ""));
      }
      for (String verdict : c.verdicts()) {
        notes.add(who + ": " + verdict + ".");
      }
      if (c.agents().size() > 1) {
        for (AgentLoadResult a : c.agents()) {
          notes.add(String.format(Locale.ROOT,
              "%s: agent `%s` sent %,d requests, started %+.1f ms from the agreed instant (clock offset %+.3f ms, rtt %.3f ms), peak CPU %s.",
              who, a.agent(), a.requests(), a.startSkewMs(), a.clockOffsetMs(), a.clockRttMs(), Figures.percent(a.cpuPeakPct())));
        }
      }
    }
    List<NetworkProbeResult> probes = cells.stream().flatMap(c -> c.network().stream()).distinct().toList();
    for (NetworkProbeResult p : probes) {
      notes.add(String.format(Locale.ROOT, "Network %s → target: rtt min/avg/max %.3f/%.3f/%.3f ms, %s.", p.agent(),
          p.rttMinMs(), p.rttAvgMs(), p.rttMaxMs(), Figures.megabits(p.bitsPerSecond())));
    }
    if (!notes.isEmpty()) {
      out.append("\n");
      notes.forEach(n -> out.append("- ").append(n).append("\n"));
    }
  }
}
