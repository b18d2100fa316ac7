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

  /**
   * A table: the cells of one (cpus, cluster) pair, or, when the plan varies only the quota of a
   * single runtime ({@code runtime: go, cpus: [1, 0.5]}), every cell side by side.
   */
  private record Group(double cpus, boolean cluster, boolean acrossQuotas) {
    Group(double cpus, boolean cluster) {
      this(cpus, cluster, false);
    }
  }

  /** The cells of each table, in the ledger's order: what a table compares, for the comparisons in results.json. */
  static List<List<CellResult>> tables(RunResult run) {
    return new ArrayList<>(groups(run).values());
  }

  private static Map<Group, List<CellResult>> groups(RunResult run) {
    List<Cell> planned = run.plan().cells();
    boolean oneConfigurationPerQuota = planned.stream().map(Cell::runtime).distinct().count() == 1
        && planned.stream().allMatch(c -> c.copy() == 0)
        && planned.stream().map(c -> new Group(c.cpus(), c.cluster())).distinct().count() > 1;
    Map<Group, List<CellResult>> groups = new LinkedHashMap<>();
    for (CellResult cell : run.cells()) {
      Group group = oneConfigurationPerQuota ? new Group(0, false, true)
          : new Group(cell.cell().cpus(), cell.cell().cluster());
      groups.computeIfAbsent(group, g -> new ArrayList<>()).add(cell);
    }
    return groups;
  }

  /** What a row does beyond showing a value: data, so no behaviour hangs on a row's label. */
  private enum RowFlag {
    /** The row that explains a missing cell: "N/A (Go handles natively)", or why the cell failed. */
    EXPLAINS_MISSING_CELLS,
    /** Flags outliers: values at the timeout, or far above the lowest of the row. */
    WARNS_OUTLIERS,
    /** Flags any value above zero. */
    WARNS_NONZERO
  }

  /** How a row's value comes from a cell's repetitions. */
  private enum Over {
    /** The mean of the repetitions' values (throughput, latency percentiles): what intervals are about. */
    MEAN_OF_REPETITIONS,
    /** The summary's value over every repetition (the maximum, the failures, the peaks). */
    WHOLE_CELL
  }

  /**
   * A row of the ledger: how to read it from one measured run, how to show a value, which way is
   * better, whether it gets "± x %", what else it does.
   */
  private record Metric(String label, Function<CellResult, OptionalDouble> value,
      java.util.function.BiFunction<CellResult, Double, String> shown, Trophies.Better better, Over over,
      boolean interval, Set<RowFlag> flags) {
    boolean has(RowFlag flag) {
      return flags.contains(flag);
    }

    Metric with(RowFlag flag) {
      Set<RowFlag> more = java.util.EnumSet.of(flag);
      more.addAll(flags);
      return new Metric(label, value, shown, better, over, interval, Set.copyOf(more));
    }
  }

  /** A column's figures for one metric: the shown value and the repetitions' values. */
  private record Figure(OptionalDouble value, double[] runs) {
    static final Figure NONE = new Figure(OptionalDouble.empty(), new double[0]);
  }

  static Ledger build(RunResult run) {
    Plan plan = run.plan();
    Map<Group, List<CellResult>> groups = groups(run);
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
    long degraded = run.cells().stream()
        .filter(c -> CellOutcome.of(c, load.maxErrors()).status() == CellStatus.DEGRADED).count();
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "Run %s, started %s: %d of %d cells done%s%s", run.runId(),
        TIME.format(run.started()), run.cells().size(), plan.cells().size(),
        failed == 0 ? "" : ", " + failed + " failed", degraded == 0 ? "" : ", " + degraded + " degraded"));
    Set<String> launchers = run.cells().stream().map(CellResult::launcher).filter(l -> l != null && !l.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
    String launcher = !launchers.isEmpty() ? String.join("/", launchers)
        : target.launcher().isEmpty() ? "agent default" : target.launcher();
    // The plan's wishes, said as such: what each cell ran with (a process has no bridge, a limit
    // may not be enforced) is in its table's "ran" note.
    lines.add(String.format(Locale.ROOT, "Target: agent %s (%s), %s launcher, port %d; the plan asks memory %s, %s"
        + " network", target.agent(), plan.targetAgent(), launcher, target.port(),
        target.memoryBytes() == 0 ? "unlimited" : ByteSizes.format(target.memoryBytes()), target.network()));
    String model = load.openModel()
        ? String.format(Locale.ROOT, "open model at %,.0f requests/s in total", load.rate()) : "closed model like wrk";
    lines.add(String.format(Locale.ROOT, "Load: %s %s, %d thread%s, %s connection%s%s, %s%s, timeout %s, %s",
        load.agents().size() == 1 ? "agent" : "agents", String.join(", ", load.agents()), load.threads(),
        load.threads() == 1 ? "" : "s", Figures.count(load.connections()), load.connections() == 1 ? "" : "s",
        load.agents().size() == 1 ? "" : " each",
        Durations.format(load.duration()),
        load.warmup().isZero() ? " (no warm-up)" : " after " + Durations.format(load.warmup()) + " warm-up",
        Durations.format(load.timeout()), model));
    RunSchedule schedule = run.schedule();
    if (schedule.repeat() > 1) {
      lines.add(String.format(Locale.ROOT, "Repetitions: %d rounds of every cell, each on a fresh target, %s order"
          + " (seed %d); %d round%s done", schedule.repeat(), schedule.order().label(), schedule.seed(),
          schedule.rounds().size(), schedule.rounds().size() == 1 ? "" : "s"));
    } else {
      lines.add("Repetitions: single run per cell (repeat: 1): no confidence intervals");
    }
    for (AgentSummary agent : run.agents()) {
      lines.add(String.format(Locale.ROOT, "Agent %s: %s (%s), %d cores, %s memory, %s, gauntlet %s, clock offset %s",
          agent.name(), agent.hostname(), agent.address(), agent.cores(), Figures.memory(agent.memoryBytes()),
          agent.os(), agent.version(), Figures.signedMillis(agent.clockOffsetMs())));
    }
    return lines;
  }

  private static LedgerTable table(RunResult run, Group group, List<CellResult> cells, Set<Group> allGroups) {
    Plan plan = run.plan();
    List<LedgerColumn> columns = columns(plan, group, cells);
    List<String> notes = new ArrayList<>();
    List<LedgerRow> rows = new ArrayList<>();
    double timeoutMs = plan.load().timeout().toNanos() / 1e6;
    Optional<String> noContest = TrophyEligibility.reason(run, columns);
    for (Metric metric : metrics(plan, columns, timeoutMs)) {
      rows.add(row(run, metric, columns, timeoutMs, noContest.isEmpty()));
      if (metric.has(RowFlag.EXPLAINS_MISSING_CELLS)) {
        vsBest(run, metric, columns).ifPresent(rows::add);
      }
    }
    int fewest = columns.stream().flatMap(c -> c.cell().stream()).filter(c -> !c.failed())
        .mapToInt(c -> measured(run, c).size()).min().orElse(0);
    if (fewest > 0 && fewest < Trophies.MIN_REPEAT) {
      notes.add((fewest == 1 ? "Single run: no intervals" : fewest + " runs per cell: too few to judge a lead by its"
          + " interval") + "; " + Trophies.TROPHY + " only where the lead exceeds the " + Math.round(Trophies.NOISE_FLOOR * 100)
          + " % noise floor of back-to-back runs (repeat: " + Trophies.MIN_REPEAT + " or more gives intervals)");
    }
    noContest.ifPresent(reason -> notes.add("No " + Trophies.TROPHY + " in this table: " + reason));
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
      CellOutcome outcome = CellOutcome.of(cell, plan.load().maxErrors());
      if (outcome.status() == CellStatus.DEGRADED) {
        notes.add(column.header() + " degraded: " + outcome.reason().orElseThrow());
      }
      if (!cell.setup().ran().isEmpty()) {
        notes.add(column.header() + " ran with: " + cell.setup().ran());
      }
      int runs = run.runsOf(cell).size();
      if (runs > 1) {
        notes.add(String.format(Locale.ROOT, "%s: %d repetition%s, each on a fresh target%s", column.header(), runs,
            runs == 1 ? "" : "s", runs < run.schedule().repeat() ? " (of " + run.schedule().repeat() + " planned)" : ""));
      }
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
    String title = group.acrossQuotas()
        ? Runtimes.displayName(cells.get(0).cell().runtime()) + " by CPU quota" : groupTitle(group);
    return new LedgerTable(plan.name() + " Ledger: " + title, columns, rows, notes, legend(fewest));
  }

  /** One line per symbol the tables use, under every table. */
  private static List<String> legend(int fewestRuns) {
    List<String> lines = new ArrayList<>();
    lines.add(Trophies.TROPHY + " best in its row, and beyond noise: with " + Trophies.MIN_REPEAT + " or more"
        + " repetitions the 95 % interval of its lead over the runner-up excludes 1; with fewer, the lead exceeds "
        + Math.round(Trophies.NOISE_FLOOR * 100) + " %. Never to a failed cell, nor in a table where the"
        + " network or the load generator set a cell's pace or a target never came near its CPU quota");
    lines.add(Trophies.WITHIN_NOISE + " best in its row, but its lead over the runner-up is within noise: no winner");
    lines.add(WARNING + " worth a look: failed requests, or a maximum at the timeout or at least "
        + java.math.BigDecimal.valueOf(OUTLIER_FACTOR).stripTrailingZeros().toPlainString()
        + "× the row's lowest maximum");
    if (fewestRuns > 1) {
      lines.add("± x % half the 95 % confidence interval of the mean over the repetitions, as a share of it;"
          + " vs best: the ratio to the row's best with its 95 % interval [lo–hi] (Welch's t on log values)");
    }
    return lines;
  }

  /** A column's measured runs: the repetitions that did not fail. */
  private static List<CellResult> measured(RunResult run, CellResult cell) {
    return run.runsOf(cell).stream().filter(r -> !r.failed()).toList();
  }

  private static Figure figure(RunResult run, Metric metric, CellResult cell) {
    List<CellResult> runs = measured(run, cell);
    double[] values = runs.stream().map(metric.value()).filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble).toArray();
    if (metric.over() == Over.WHOLE_CELL) {
      return new Figure(metric.value().apply(cell), values);
    }
    return values.length == 0 ? Figure.NONE
        : new Figure(OptionalDouble.of(java.util.Arrays.stream(values).average().orElseThrow()), values);
  }

  /** "0.55× [0.53–0.57]" under the throughput: each column against the row's best. */
  private static Optional<LedgerRow> vsBest(RunResult run, Metric metric, List<LedgerColumn> columns) {
    List<Figure> figures = new ArrayList<>();
    int best = -1;
    for (LedgerColumn column : columns) {
      Figure figure = column.cell().filter(c -> !c.failed()).map(c -> figure(run, metric, c)).orElse(Figure.NONE);
      figures.add(figure);
      if (figure.value().isPresent() && (best < 0
          || figure.value().getAsDouble() > figures.get(best).value().getAsDouble())) {
        best = figures.size() - 1;
      }
    }
    if (figures.stream().filter(f -> f.value().isPresent()).count() < 2) {
      return Optional.empty();
    }
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < figures.size(); i++) {
      Figure figure = figures.get(i);
      if (figure.value().isEmpty()) {
        texts.add(MISSING);
      } else if (i == best) {
        texts.add("best");
      } else {
        gauntlet.controller.stats.RatioInterval ratio = gauntlet.controller.stats.RatioInterval.welchOnLogs(
            figure.runs(), figures.get(best).runs());
        texts.add(Figures.ratio(ratio.ratio()) + ratio.ci95().map(ci -> " [" + Figures.ratioBound(ci.lo()) + "–"
            + Figures.ratioBound(ci.hi()) + "]").orElse(""));
      }
    }
    return Optional.of(new LedgerRow("vs best", texts));
  }

  /** Runtimes in plan order, each listing of one a column; Go's "N/A (handles natively)" where it has no cell in a clustered group. */
  private static List<LedgerColumn> columns(Plan plan, Group group, List<CellResult> cells) {
    List<String> runtimes = new ArrayList<>(plan.target().runtimes().stream().distinct().toList());
    cells.stream().map(c -> c.cell().runtime()).filter(r -> !runtimes.contains(r)).distinct().forEach(runtimes::add);
    boolean goHasClusteredCells = plan.cells().stream().anyMatch(Cell::clusterNative);
    List<LedgerColumn> columns = new ArrayList<>();
    for (String runtime : runtimes) {
      List<CellResult> ofRuntime = cells.stream().filter(c -> c.cell().runtime().equals(runtime)).toList();
      for (CellResult cell : ofRuntime) {
        columns.add(new LedgerColumn(header(runtime, cell.cell()), runtime, Optional.of(cell)));
      }
      if (ofRuntime.isEmpty() && !group.acrossQuotas() && group.cluster() && Runtimes.scalesNatively(runtime)
          && !goHasClusteredCells) {
        columns.add(new LedgerColumn(Runtimes.displayName(runtime) + " (" + cores(group.cpus()) + ")", runtime,
            Optional.empty()));
      }
    }
    return columns;
  }

  /** The article's headers: "Node.js Cluster (4 Cores)", "Bun (1 Core)", "Go (4 Cores, native)". */
  static String header(String runtime, Cell cell) {
    String name = Runtimes.displayName(runtime);
    String copy = cell.copy() == 0 ? "" : " #" + (cell.copy() + 1);
    if (cell.clusterNative()) {
      return name + " (" + cores(cell.cpus()) + ", native)" + copy;
    }
    return name + (cell.cluster() ? " Cluster" : "") + " (" + cores(cell.cpus()) + ")" + copy;
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
    metrics.add(new Metric("Throughput (RPS)", c -> OptionalDouble.of(c.rps()), (c, v) -> Figures.rps(v),
        Trophies.Better.HIGHER, Over.MEAN_OF_REPETITIONS, true, Set.of(RowFlag.EXPLAINS_MISSING_CELLS)));
    metrics.add(new Metric("Total Requests (" + Durations.format(plan.load().duration()) + ")",
        c -> OptionalDouble.of(c.requests()), (c, v) -> Figures.count(Math.round(v)), Trophies.Better.HIGHER,
        Over.MEAN_OF_REPETITIONS, false, Set.of()));
    metrics.add(latency("Average Latency", LatencySummary::meanMs, false));
    metrics.add(latency("p50 Latency", LatencySummary::p50Ms, true));
    metrics.add(latency("p99 Latency", LatencySummary::p99Ms, true));
    metrics.add(latency("p99.9 Latency", LatencySummary::p999Ms, false));
    metrics.add(new Metric("Max Outlier Latency", c -> OptionalDouble.of(c.latency().maxMs()),
        (c, v) -> Figures.millis(v), Trophies.Better.LOWER, Over.WHOLE_CELL, false, Set.of(RowFlag.WARNS_OUTLIERS)));
    // Failures are flagged, not a contest: fewer failures than another server is not a win to award.
    metrics.add(new Metric("Failed Requests", c -> OptionalDouble.of(c.errors().total()),
        (c, v) -> Figures.failures(c.errors()), Trophies.Better.NONE, Over.WHOLE_CELL, false,
        Set.of(RowFlag.WARNS_NONZERO)));
    metrics.add(new Metric("Data Transfer Rate", c -> OptionalDouble.of(c.bytesPerSecond()),
        (c, v) -> Figures.transferRate(v), Trophies.Better.NONE, Over.MEAN_OF_REPETITIONS, false, Set.of()));
    metrics.add(new Metric("Requests per CPU-second", LedgerBuilder::requestsPerCpuSecond,
        (c, v) -> String.format(Locale.ROOT, "%,.0f", v), Trophies.Better.HIGHER, Over.MEAN_OF_REPETITIONS, true,
        Set.of()));
    // Peak CPU is not a contest: a server that used less of its quota did less work, or was held back.
    metrics.add(new Metric(allDocker ? "Peak CPU (Docker Stats)" : "Peak CPU",
        c -> c.target().samples() > 0 ? OptionalDouble.of(c.target().cpuPeakPct()) : OptionalDouble.empty(),
        (c, v) -> Figures.cpuPercent(v), Trophies.Better.NONE, Over.WHOLE_CELL, false, Set.of()));
    metrics.add(new Metric("Peak Memory",
        c -> c.target().samples() > 0 ? OptionalDouble.of(c.target().memPeakBytes()) : OptionalDouble.empty(),
        (c, v) -> Figures.memory(Math.round(v)), Trophies.Better.LOWER, Over.WHOLE_CELL, false, Set.of()));
    return metrics;
  }

  /** Throughput over the target's mean CPU in cores: how many requests one CPU-second of the server answered. */
  static OptionalDouble requestsPerCpuSecond(CellResult cell) {
    if (cell.target().samples() == 0 || cell.target().cpuMeanPct() <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(cell.rps() / (cell.target().cpuMeanPct() / 100));
  }

  private static Metric latency(String label, Function<LatencySummary, Double> part, boolean interval) {
    return new Metric(label, c -> OptionalDouble.of(part.apply(c.latency())), (c, v) -> Figures.millis(v),
        Trophies.Better.LOWER, Over.MEAN_OF_REPETITIONS, interval, Set.of());
  }

  private static LedgerRow row(RunResult run, Metric metric, List<LedgerColumn> columns, double timeoutMs,
      boolean contest) {
    List<OptionalDouble> values = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    List<double[]> runs = new ArrayList<>();
    for (LedgerColumn column : columns) {
      Optional<CellResult> cell = column.cell().filter(c -> !c.failed());
      Figure figure = cell.map(c -> figure(run, metric, c)).orElse(Figure.NONE);
      values.add(figure.value());
      runs.add(figure.runs());
      shown.add(cell.filter(c -> figure.value().isPresent())
          .map(c -> metric.shown().apply(c, figure.value().getAsDouble())).orElse(""));
    }
    Trophies.Award award = Trophies.award(values, shown, runs, metric.better(), contest);
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
      if (values.get(i).isEmpty()) {
        texts.add("n/a");
        continue;
      }
      StringBuilder text = new StringBuilder(shown.get(i));
      if (metric.interval()) {
        gauntlet.controller.stats.MeanInterval.of(runs.get(i)).relativeHalfWidth()
            .ifPresent(share -> text.append(" ± ").append(Figures.percentShare(share)));
      }
      if (i == award.best() && award.mark() == Trophies.Mark.TROPHY) {
        text.append(' ').append(Trophies.TROPHY);
      } else if (i == award.best() && award.mark() == Trophies.Mark.WITHIN_NOISE) {
        text.append(' ').append(Trophies.WITHIN_NOISE);
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
