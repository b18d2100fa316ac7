package gauntlet.controller.run;

import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.LoadPlan;
import gauntlet.controller.plan.TargetNetwork;
import gauntlet.controller.report.AgentLoadResult;
import gauntlet.controller.report.CellResult;
import gauntlet.controller.report.CellSetup;
import gauntlet.controller.report.CellTimeline;
import gauntlet.controller.report.Figures;
import gauntlet.controller.report.HostUsage;
import gauntlet.controller.report.LatencySummary;
import gauntlet.controller.report.LoadPath;
import gauntlet.controller.report.NetworkProbeResult;
import gauntlet.controller.report.TargetUsage;
import gauntlet.core.LoadDefaults;
import gauntlet.v1.TargetStarted;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The result of a cell whose load ran to the end: the merged figures, each agent's share, the
 * target's usage over the measured window, the verdicts on what limited it, and its setup.
 */
final class LoadedCellResult {
  private static final long INTERVAL_NANOS = LoadDefaults.INTERVAL.toNanos();

  /**
   * A load agent as the result needs it.
   *
   * @param onTargetHost whether it shares the target's machine (its CPU then competes with the target's)
   */
  record Loader(String agent, ClockEstimate clock, int cores, boolean onTargetHost) {}

  /**
   * What a cell's load produced.
   *
   * @param targetHostCores cores of the target's machine, the quota when the target has none
   * @param loaders in plan order
   * @param routes each loader's route, in plan order
   */
  record Inputs(Cell cell, LoadPlan load, TargetStarted target, int targetHostCores, LoadStart start,
      LoadMerger.Merged merged, TargetSamples samples, List<Loader> loaders, List<LoadRoutes.Route> routes,
      List<NetworkProbeResult> probes, TargetNetwork askedNetwork, String startedNetwork) {}

  private LoadedCellResult() {}

  static CellResult of(Inputs in) {
    LoadMerger.Merged merged = in.merged();
    LoadStart start = in.start();
    TargetUsage usage = in.samples().usage(start.measuredStartUnixNanos(), start.measuredEndUnixNanos(), INTERVAL_NANOS);
    HostUsage host = in.samples().host(start.measuredStartUnixNanos(), start.measuredEndUnixNanos(), INTERVAL_NANOS);
    List<AgentLoadResult> perAgent = in.loaders().stream().map(l -> agentResult(l, merged, start)).toList();
    double quota = in.target().getCpus() > 0 ? in.target().getCpus() : in.targetHostCores();
    List<LoadPath> paths = in.routes().stream().map(LoadRoutes.Route::path).toList();
    List<String> verdicts = new ArrayList<>(Verdicts.of(in.load(), perAgent, in.probes(), merged));
    double loadCpuOnHost = in.loaders().stream().filter(Loader::onTargetHost)
        .mapToDouble(l -> merged.agents().get(l.agent()).cpuMean()).sum();
    Verdicts.notSaturated(in.load(), usage, quota, host, loadCpuOnHost, paths, verdicts, !in.probes().isEmpty())
        .ifPresent(verdicts::add);
    List<String> warnings = new ArrayList<>(in.target().getWarningsList());
    warnings.addAll(LoadRoutes.warnings(in.routes()));
    String network = "docker".equals(in.target().getLauncher()) ? in.startedNetwork() : "host";
    if (!"docker".equals(in.target().getLauncher())
        && (in.askedNetwork() == TargetNetwork.BRIDGE || in.askedNetwork() == TargetNetwork.PUBLISHED)) {
      warnings.add("target.network " + in.askedNetwork().name().toLowerCase(Locale.ROOT) + " not in force: the "
          + in.target().getLauncher() + " launcher has no container network, so the server listened on the host's"
          + " own network stack");
    }
    CellSetup setup = new CellSetup(quota, Verdicts.saturated(usage, quota).orElse(null), paths, host, warnings,
        ran(in.target(), network));
    CellTimeline timeline = new CellTimeline(merged.seconds(),
        in.samples().seconds(start.measuredStartUnixNanos(), start.measuredEndUnixNanos(), INTERVAL_NANOS));
    return new CellResult(in.cell(), in.target().getLauncher(), Optional.empty(), merged.requests(),
        merged.durationSeconds(), merged.bytes(), merged.errors(), LatencySummary.of(merged.latency()),
        merged.serviceTime().map(LatencySummary::of), usage, in.probes(), perAgent, verdicts, merged.latency(),
        merged.intervals(), setup, timeline);
  }

  /**
   * Why a cell whose load ran must still fail: its target stopped serving mid-cell, or not one
   * request succeeded (a closed port, a wrong address, a server answering only errors).
   *
   * @param targetGone the target agent's reason, null while the target served
   */
  static Optional<String> failure(CellResult result, String targetGone) {
    if (targetGone != null) {
      return Optional.of("the target stopped serving mid-cell: " + targetGone + " (" + Figures.failures(
          result.errors()) + " errors by then)");
    }
    if (result.succeeded() <= 0) {
      return Optional.of("no request succeeded: " + (result.attempts() == 0 ? "no request was sent"
          : Figures.failures(result.errors()) + " out of " + Figures.count(result.attempts()) + " requests"));
    }
    return Optional.empty();
  }

  /** The limits in force as the target agent reported them, e.g. "docker launcher (image ...), bridge network, ...". */
  static String ran(TargetStarted target, String network) {
    String launcher = target.getLauncher().isEmpty() ? "unknown" : target.getLauncher();
    return launcher + " launcher" + (target.getImage().isEmpty() ? "" : " (image " + target.getImage() + ")")
        + ", " + network + " network"
        + ", " + (target.getCpus() > 0 ? "CPU limit " + gauntlet.controller.plan.Cell.formatCpus(target.getCpus()) : "no CPU limit")
        + ", " + (target.getMemoryBytes() > 0 ? "memory limit " + Figures.memory(target.getMemoryBytes())
            : "no memory limit");
  }

  private static AgentLoadResult agentResult(Loader l, LoadMerger.Merged merged, LoadStart start) {
    LoadMerger.AgentTally tally = merged.agents().get(l.agent());
    return new AgentLoadResult(l.agent(), tally.requests, tally.bytes, tally.errors, l.clock().offsetMillis(),
        l.clock().rttMillis(), tally.started ? start.skewMillis(tally.startedControllerNanos) : 0, tally.cpuPeak,
        tally.busiestLoopCpu(), l.cores());
  }
}
