package gauntlet.controller.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a table's cells measured their servers at all. A trophy says one server beat another; it
 * cannot when a contender's pace was set by the network or the load generator, or when its target
 * never came near its CPU quota (Bun at 32 % of one CPU while the generator and docker-proxy held
 * the cores): the figures then compare whatever held them back. A reason holds for a cell when it
 * held in most of its repetitions, so one disturbed round does not void a table.
 */
final class TrophyEligibility {
  /**
   * Peak CPU, as a share of the quota, below which a target "never came near" it. Lower than the
   * 90 % at which the run calls a target saturated: a server at 80 % of its quota was still the
   * limit in all but its burstiest second, one at 40 % was not.
   */
  static final double NEAR_QUOTA_SHARE = 0.75;
  /** Verdict kinds (the run's words before the colon) that say the load did not measure the server. */
  static final List<String> PACE_SET_ELSEWHERE = List.of("network-bound", "load-generator-bound");

  private TrophyEligibility() {}

  /** Why no trophy can be given in the table of {@code columns}; empty when the contest stands. */
  static Optional<String> reason(RunResult run, List<LedgerColumn> columns) {
    List<String> reasons = new ArrayList<>();
    for (LedgerColumn column : columns) {
      Optional<CellResult> cell = column.cell().filter(c -> !c.failed());
      if (cell.isEmpty()) {
        continue;
      }
      List<CellResult> runs = run.runsOf(cell.get()).stream().filter(r -> !r.failed()).toList();
      for (String kind : PACE_SET_ELSEWHERE) {
        long held = runs.stream().filter(r -> r.verdicts().stream().anyMatch(v -> RepeatedCells.kind(v).equals(kind)))
            .count();
        if (2 * held > runs.size()) {
          reasons.add(column.header() + " was " + kind + of(held, runs.size()));
        }
      }
      quotaNotInForce(cell.get()).ifPresent(w -> reasons.add(column.header() + "'s CPU quota was not in force (" + w
          + ")"));
      List<CellResult> belowQuota = runs.stream().filter(TrophyEligibility::farBelowQuota).toList();
      if (2 * belowQuota.size() > runs.size()) {
        CellResult first = belowQuota.get(0);
        reasons.add(String.format(Locale.ROOT, "%s's target never came near its CPU quota (peak %.0f %% of %s CPU%s%s)",
            column.header(), first.target().cpuPeakPct() / first.setup().quotaCpus(),
            gauntlet.controller.plan.Cell.formatCpus(first.setup().quotaCpus()),
            first.setup().quotaCpus() == 1 ? "" : "s", of(belowQuota.size(), runs.size())));
      }
    }
    if (reasons.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(String.join("; ", reasons) + " — the figures compare what held the load back, not the servers");
  }

  /**
   * The launcher's warning when the quota the header names was not what limited the target: not
   * enforced at all, or a fractional quota that an affinity could only round up to whole cores
   * (the process launcher's substitute where cgroups are not writable).
   */
  private static Optional<String> quotaNotInForce(CellResult cell) {
    double cpus = cell.cell().cpus();
    boolean fractional = cpus > 0 && cpus != Math.rint(cpus);
    return cell.setup().warnings().stream()
        .filter(w -> w.startsWith("CPU quota not enforced") || (fractional && w.startsWith("CPU quota applied as affinity")))
        .findFirst();
  }

  private static boolean farBelowQuota(CellResult run) {
    double quota = run.setup().quotaCpus();
    return quota > 0 && run.target().samples() > 0 && run.target().cpuPeakPct() < NEAR_QUOTA_SHARE * 100 * quota;
  }

  private static String of(long held, int runs) {
    return runs > 1 ? " in " + held + " of " + runs + " repetitions" : "";
  }
}
