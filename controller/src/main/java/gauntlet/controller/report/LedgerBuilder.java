package gauntlet.controller.report;

import gauntlet.controller.plan.ByteSizes;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.Durations;
import gauntlet.controller.plan.LoadPlan;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.Runtimes;
import gauntlet.controller.plan.TargetPlan;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lays a run out as the article's ledgers: one table per (cpus, cluster) group, one column per
 * runtime, one row per metric with the winner marked, notes under each table.
 */
final class LedgerBuilder {
  static final String WARNING = "⚠️";
  static final String MISSING = "—";
  /** A maximum this many times the group's best is an outlier worth a warning (the article's 864 ms vs 152 ms). */
  static final double OUTLIER_FACTOR = 5;
  private static final int REASON_IN_TABLE = 60;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private LedgerBuilder() {}

  private record Group(double cpus, boolean cluster) {}

  /** What a row does beyond showing a value: data, so no behaviour hangs on a row's label. */
  private enum RowFlag {
    /** The row that explains a missing cell: "N/A (Go handles natively)", or why the cell failed. */
    EXPLAINS_MISSING_CELLS,
    /** Flags outliers: values at the timeout, or far above the lowest of the row. */
    WARNS_OUTLIERS,
    /** Flags any value above zero. */
    WARNS_NONZERO
  }

  /** A row of the ledger: how to read it from a cell, how to show it, which way is better, what else it does. */
  private record Metric(String label, Function<CellResult, OptionalDouble> value,
      Function<CellResult, String> shown, Trophies.Better better, Set<RowFlag> flags) {
    Metric(String label, Function<CellResult, OptionalDouble> value, Function<CellResult, String> shown,
        Trophies.Better better) {
      this(label, value, shown, better, Set.of());
    }

    boolean has(RowFlag flag) {
      return flags.contains(flag);
    }

    Metric with(RowFlag flag) {
      Set<RowFlag> more = java.util.EnumSet.of(flag);
      more.addAll(flags);
      return new Metric(label, value, shown, better, Set.copyOf(more));
    }
  }

  static Ledger build(RunResult run) {
    Plan plan = run.plan();
    Map<Group, List<CellResult>> groups = new LinkedHashMap<>();
    for (CellResult cell : run.cells()) {
      groups.computeIfAbsent(new Group(cell.cell().cpus(), cell.cell().cluster()), g -> new ArrayList<>()).add(cell);
    }
    List<LedgerTable> tables = new ArrayList<>();
    for (Map.Entry<Group, List<CellResult>> group : groups.entrySet()) {
      tables.add(table(run, group.getKey(), group.getValue(), groups.keySet()));
    }
    return new Ledger("Gauntlet ledger: " + plan.name(), summary(run), tables);
  }

  private static List<String> summary(RunResult run) {
    Plan plan = run.plan();
    TargetPlan target = plan.target();
    LoadPlan load = plan.load();
    long failed = run.cells().stream().filter(CellResult::failed).count();
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "Run %s, started %s: %d of %d cells done%s", run.runId(),
        TIME.format(run.started()), run.cells().size(), plan.cells().size(),
        failed == 0 ? "" : ", " + failed + " failed"));
    Set<String> launchers = run.cells().stream().map(CellResult::launcher).filter(l -> l != null && !l.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
    String launcher = !launchers.isEmpty() ? String.join("/", launchers)
        : target.launcher().isEmpty() ? "agent default" : target.launcher();
    lines.add(String.format(Locale.ROOT, "Target: agent %s (%s), %s launcher, memory %s, port %d, %s network",
        target.agent(), plan.targetAgent(), launcher,
        target.memoryBytes() == 0 ? "unlimited" : ByteSizes.format(target.memoryBytes()), target.port(), target.network()));
    String model = load.openModel()
        ? String.format(Locale.ROOT, "open model at %,.0f requests/s in total", load.rate()) : "closed model like wrk";
    lines.add(String.format(Locale.ROOT, "Load: %s %s, %d thread%s, %s connection%s%s, %s%s, timeout %s, %s, %s",
        load.agents().size() == 1 ? "agent" : "agents", String.join(", ", load.agents()), load.threads(),
        load.threads() == 1 ? "" : "s", Figures.count(load.connections()), load.connections() == 1 ? "" : "s",
        load.agents().size() == 1 ? "" : " each",
        Durations.format(load.duration()),
        load.warmup().isZero() ? " (no warm-up)" : " after " + Durations.format(load.warmup()) + " warm-up",
        Durations.format(load.timeout()), model, transport(run)));
    for (AgentSummary agent : run.agents()) {
      lines.add(String.format(Locale.ROOT, "Agent %s: %s (%s), %d cores, %s memory, %s, gauntlet %s, clock offset %s",
          agent.name(), agent.hostname(), agent.address(), agent.cores(), Figures.memory(agent.memoryBytes()),
          agent.os(), agent.version(), Figures.signedMillis(agent.clockOffsetMs())));
    }
    return lines;
  }

  /**
   * "io_uring transport": the transports the load engines actually ran on, and what the plan asked
   * for when that differs (an agent without io_uring fell back).
   */
  static String transport(RunResult run) {
    Set<String> ran = run.cells().stream().flatMap(c -> c.agents().stream()).map(AgentLoadResult::transport)
        .filter(t -> !t.isEmpty()).collect(Collectors.toCollection(java.util.TreeSet::new));
    String asked = run.plan().load().transport().text();
    if (ran.isEmpty()) {
      return "transport " + asked;
    }
    String shown = String.join("/", ran) + " transport";
    if (asked.equals("auto")) {
      return shown + " (auto)";
    }
    return ran.equals(Set.of(asked)) ? shown : shown + " (plan: " + asked + ")";
  }

  private static LedgerTable table(RunResult run, Group group, List<CellResult> cells, Set<Group> allGroups) {
    Plan plan = run.plan();
    List<LedgerColumn> columns = columns(plan, group, cells);
    List<String> notes = new ArrayList<>();
    List<LedgerRow> rows = new ArrayList<>();
    double timeoutMs = plan.load().timeout().toNanos() / 1e6;
    for (Metric metric : metrics(plan, columns, timeoutMs)) {
      rows.add(row(metric, columns, timeoutMs));
    }
    for (LedgerColumn column : columns) {
      if (column.cell().isEmpty()) {
        Group unclustered = new Group(group.cpus(), false);
        notes.add(Runtimes.displayName(column.runtime()) + ": N/A (" + Runtimes.displayName(column.runtime())
            + " handles natively) — it has no cluster variant"
            + (allGroups.contains(unclustered) ? "; its run is in the \"" + groupTitle(unclustered) + "\" table" : ""));
        continue;
      }
      CellResult cell = column.cell().get();
      if (cell.cell().clusterNative()) {
        notes.add(column.header() + ": no cluster variant; one process used the cores through its own scheduler"
            + " (GOMAXPROCS)");
      }
      cell.failure().filter(r -> r.length() > REASON_IN_TABLE)
          .ifPresent(reason -> notes.add(column.header() + " failed: " + oneLine(reason)));
    }
    serviceTimes(plan, columns).ifPresent(notes::add);
    notes.addAll(loadPaths(columns));
    for (LedgerColumn column : columns) {
      column.cell().ifPresent(cell -> cell.setup().warnings().forEach(w -> notes.add(column.header() + ": " + WARNING
          + " " + w)));
    }
    networkProbes(cells).forEach(notes::add);
    for (LedgerColumn column : columns) {
      column.cell().ifPresent(cell -> cell.verdicts().forEach(v -> notes.add(column.header() + ": " + v)));
    }
    for (LedgerColumn column : columns) {
      column.cell().filter(c -> c.agents().size() > 1).ifPresent(c -> notes.add(loadAgents(column.header(), c)));
    }
    return new LedgerTable(plan.name() + " Ledger: " + groupTitle(group), columns, rows, notes);
  }

  /** Runtimes in plan order; Go's "N/A (handles natively)" where it has no cell in a clustered group. */
  private static List<LedgerColumn> columns(Plan plan, Group group, List<CellResult> cells) {
    List<String> runtimes = new ArrayList<>(plan.target().runtimes());
    cells.stream().map(c -> c.cell().runtime()).filter(r -> !runtimes.contains(r)).distinct().forEach(runtimes::add);
    boolean goHasClusteredCells = plan.cells().stream().anyMatch(Cell::clusterNative);
    List<LedgerColumn> columns = new ArrayList<>();
    for (String runtime : runtimes) {
      Optional<CellResult> cell = cells.stream().filter(c -> c.cell().runtime().equals(runtime)).findFirst();
      if (cell.isPresent()) {
        columns.add(new LedgerColumn(header(runtime, cell.get().cell()), runtime, cell));
      } else if (group.cluster() && Runtimes.scalesNatively(runtime) && !goHasClusteredCells) {
        columns.add(new LedgerColumn(Runtimes.displayName(runtime) + " (" + cores(group.cpus()) + ")", runtime,
            Optional.empty()));
      }
    }
    return columns;
  }

  /** The article's headers: "Node.js Cluster (4 Cores)", "Bun (1 Core)", "Go (4 Cores, native)". */
  static String header(String runtime, Cell cell) {
    String name = Runtimes.displayName(runtime);
    if (cell.clusterNative()) {
      return name + " (" + cores(cell.cpus()) + ", native)";
    }
    return name + (cell.cluster() ? " Cluster" : "") + " (" + cores(cell.cpus()) + ")";
  }

  private static String cores(double cpus) {
    if (cpus == 0) {
      return "All Cores";
    }
    return Cell.formatCpus(cpus) + (cpus == 1 ? " Core" : " Cores");
  }

  /** "1 CPU Core", "4 CPU Cores (No Cluster)", "4 CPU Cores (Clustered)", "All CPU Cores". */
  static String groupTitle(double cpus, boolean cluster) {
    String cores = cpus == 0 ? "All CPU Cores" : Cell.formatCpus(cpus) + (cpus == 1 ? " CPU Core" : " CPU Cores");
    if (cluster) {
      return cores + " (Clustered)";
    }
    return cpus == 1 ? cores : cores + " (No Cluster)";
  }

  private static String groupTitle(Group group) {
    return groupTitle(group.cpus(), group.cluster());
  }

  private static List<Metric> metrics(Plan plan, List<LedgerColumn> columns, double timeoutMs) {
    boolean allDocker = columns.stream().flatMap(c -> c.cell().stream())
        .allMatch(c -> "docker".equals(c.launcher()));
    List<Metric> metrics = new ArrayList<>();
    metrics.add(new Metric("Throughput (RPS)", c -> OptionalDouble.of(c.rps()), c -> Figures.rps(c.rps()),
        Trophies.Better.HIGHER, Set.of(RowFlag.EXPLAINS_MISSING_CELLS)));
    metrics.add(new Metric("Total Requests (" + Durations.format(plan.load().duration()) + ")",
        c -> OptionalDouble.of(c.requests()), c -> Figures.count(c.requests()), Trophies.Better.HIGHER));
    metrics.add(latency("Average Latency", LatencySummary::meanMs));
    metrics.add(latency("p50 Latency", LatencySummary::p50Ms));
    metrics.add(latency("p99 Latency", LatencySummary::p99Ms));
    metrics.add(latency("p99.9 Latency", LatencySummary::p999Ms));
    metrics.add(latency("Max Outlier Latency", LatencySummary::maxMs).with(RowFlag.WARNS_OUTLIERS));
    metrics.add(new Metric("Failed Requests", c -> OptionalDouble.of(c.errors().total()),
        c -> Figures.failures(c.errors()), Trophies.Better.LOWER, Set.of(RowFlag.WARNS_NONZERO)));
    metrics.add(new Metric("Data Transfer Rate", c -> OptionalDouble.of(c.bytesPerSecond()),
        c -> Figures.transferRate(c.bytesPerSecond()), Trophies.Better.NONE));
    metrics.add(new Metric(allDocker ? "Peak CPU (Docker Stats)" : "Peak CPU",
        c -> c.target().samples() > 0 ? OptionalDouble.of(c.target().cpuPeakPct()) : OptionalDouble.empty(),
        c -> c.target().samples() > 0 ? Figures.cpuPercent(c.target().cpuPeakPct()) : "n/a", Trophies.Better.LOWER));
    metrics.add(new Metric("Peak Memory",
        c -> c.target().samples() > 0 ? OptionalDouble.of(c.target().memPeakBytes()) : OptionalDouble.empty(),
        c -> c.target().samples() > 0 ? Figures.memory(c.target().memPeakBytes()) : "n/a", Trophies.Better.LOWER));
    return metrics;
  }

  private static Metric latency(String label, Function<LatencySummary, Double> part) {
    return new Metric(label, c -> OptionalDouble.of(part.apply(c.latency())),
        c -> Figures.millis(part.apply(c.latency())), Trophies.Better.LOWER);
  }

  private static LedgerRow row(Metric metric, List<LedgerColumn> columns, double timeoutMs) {
    List<OptionalDouble> values = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    for (LedgerColumn column : columns) {
      Optional<CellResult> cell = column.cell().filter(c -> !c.failed());
      values.add(cell.map(metric.value()).orElse(OptionalDouble.empty()));
      shown.add(cell.map(metric.shown()).orElse(""));
    }
    int winner = Trophies.winner(values, shown, metric.better());
    boolean isMax = metric.has(RowFlag.WARNS_OUTLIERS);
    boolean isFailures = metric.has(RowFlag.WARNS_NONZERO);
    double lowestMax = values.stream().filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble)
        .min().orElse(0);
    long contenders = values.stream().filter(OptionalDouble::isPresent).count();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      LedgerColumn column = columns.get(i);
      if (column.cell().isEmpty()) {
        texts.add(metric.has(RowFlag.EXPLAINS_MISSING_CELLS)
            ? "N/A (" + Runtimes.displayName(column.runtime()) + " handles natively)" : MISSING);
        continue;
      }
      CellResult cell = column.cell().get();
      if (cell.failed()) {
        texts.add(metric.has(RowFlag.EXPLAINS_MISSING_CELLS)
            ? "failed: " + shorten(oneLine(cell.failure().orElseThrow())) : MISSING);
        continue;
      }
      StringBuilder text = new StringBuilder(shown.get(i));
      if (i == winner) {
        text.append(' ').append(Trophies.TROPHY);
      }
      double value = values.get(i).orElse(0);
      // The article flags the 2,000 ms timeouts and the 864 ms / 641 ms spikes, not 219 ms vs 77 ms.
      boolean outlier = isMax && (value >= timeoutMs || (contenders > 1 && value >= OUTLIER_FACTOR * lowestMax));
      if (outlier || (isFailures && value > 0)) {
        text.append(' ').append(WARNING);
      }
      texts.add(text.toString());
    }
    return new LedgerRow(metric.label(), texts);
  }

  private static Optional<String> serviceTimes(Plan plan, List<LedgerColumn> columns) {
    List<String> parts = new ArrayList<>();
    for (LedgerColumn column : columns) {
      column.cell().filter(c -> !c.failed()).ifPresent(c -> c.serviceTime().ifPresent(s -> parts.add(String.format(
          Locale.ROOT, "%s mean %s, p50 %s, p99 %s, max %s", column.header(), Figures.millis(s.meanMs()),
          Figures.millis(s.p50Ms()), Figures.millis(s.p99Ms()), Figures.millis(s.maxMs())))));
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "Service time (open model at %,.0f requests/s; the latency rows"
        + " above count from each request's intended send time, this from its actual send): %s",
        plan.load().rate(), String.join("; ", parts)));
  }

  /** Which way the load reached each target: one line when every column took the same path. */
  private static List<String> loadPaths(List<LedgerColumn> columns) {
    List<CellResult> cells = columns.stream().flatMap(c -> c.cell().stream()).filter(c -> !c.setup().paths().isEmpty())
        .toList();
    if (cells.isEmpty()) {
      return List.of();
    }
    Set<String> distinct = cells.stream().map(c -> c.setup().networkPath()).collect(Collectors.toSet());
    if (distinct.size() == 1 && cells.get(0).setup().paths().size() == 1) {
      LoadPath path = cells.get(0).setup().paths().get(0);
      return List.of("Load path" + (cells.size() > 1 ? " (every column)" : "") + ": " + path.path() + " — "
          + path.explained());
    }
    List<String> lines = new ArrayList<>();
    for (LedgerColumn column : columns) {
      column.cell().filter(c -> !c.setup().paths().isEmpty()).ifPresent(c -> lines.add("Load path, " + column.header()
          + ": " + String.join("; ", c.setup().paths().stream().map(p -> (c.setup().paths().size() > 1
              ? p.agent() + " " : "") + p.path() + " — " + p.explained()).toList())));
    }
    return lines;
  }

  private static List<String> networkProbes(List<CellResult> cells) {
    Set<String> lines = new LinkedHashSet<>();
    for (CellResult cell : cells) {
      for (NetworkProbeResult probe : cell.network()) {
        lines.add(String.format(Locale.ROOT, "Network probe from %s to the target host: RTT min/avg/max"
            + " %.2f/%.2f/%.2f ms, %s", probe.agent(), probe.rttMinMs(), probe.rttAvgMs(), probe.rttMaxMs(),
            Figures.bitRate(probe.bitsPerSecond())));
      }
    }
    return new ArrayList<>(lines);
  }

  private static String loadAgents(String header, CellResult cell) {
    List<String> parts = new ArrayList<>();
    for (AgentLoadResult agent : cell.agents()) {
      parts.add(String.format(Locale.ROOT, "%s %s requests, clock offset %s (RTT %s), start skew %s,"
          + " peak CPU %s of %d cores, busiest event loop %s", agent.agent(), Figures.count(agent.requests()),
          Figures.signedMillis(agent.clockOffsetMs()), Figures.millis(agent.clockRttMs()),
          Figures.signedMillis(agent.startSkewMs()), Figures.cpuPercent(agent.cpuPeakPct()), agent.cores(),
          Figures.cpuPercent(agent.busiestLoopCpuPct())));
    }
    return "Load agents for " + header + ": " + String.join("; ", parts);
  }

  private static String shorten(String text) {
    return text.length() <= REASON_IN_TABLE ? text : text.substring(0, REASON_IN_TABLE - 1).stripTrailing() + "…";
  }

  static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
