package gauntlet.controller.report;

import gauntlet.controller.plan.Cell;
import gauntlet.core.ErrorCounts;
import gauntlet.wire.LatencyHistograms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * One cell's summary over its repetitions: counts and the latency histogram add up exactly (like
 * the load agents' merge), resources take the mean and the peak, and what held in some runs only
 * says in how many. The charts and the summary's timeline are the last measured repetition's.
 */
public final class RepeatedCells {
  private RepeatedCells() {}

  /** The summary of {@code runs} (at least one) of {@code cell}; the run itself when there is one. */
  public static CellResult summary(Cell cell, List<CellResult> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("cell " + cell.id() + " has no repetition to summarise");
    }
    if (runs.size() == 1) {
      return runs.get(0);
    }
    int n = runs.size();
    Optional<String> failure = Optional.empty();
    for (int i = 0; i < n && failure.isEmpty(); i++) {
      int repetition = i + 1;
      failure = runs.get(i).failure().map(reason -> "repetition " + repetition + " of " + n + ": " + reason);
    }
    List<CellResult> measured = runs.stream().filter(r -> !r.failed()).toList();
    CellResult last = measured.isEmpty() ? runs.get(n - 1) : measured.get(measured.size() - 1);
    long requests = 0;
    long bytes = 0;
    double seconds = 0;
    ErrorCounts errors = ErrorCounts.NONE;
    Histogram histogram = LatencyHistograms.create();
    for (CellResult run : runs) {
      requests += run.requests();
      bytes += run.bytes();
      seconds += run.durationSeconds();
      errors = errors.plus(run.errors());
      histogram.add(run.histogram());
    }
    String launcher = runs.stream().map(CellResult::launcher).filter(l -> l != null && !l.isEmpty()).findFirst()
        .orElse(runs.get(0).launcher());
    return new CellResult(cell, launcher, failure, requests, seconds, bytes, errors, LatencySummary.of(histogram),
        Optional.empty(), usage(runs), distinct(runs, CellResult::network), last.agents(), verdicts(runs), histogram,
        last.intervals(), setup(runs, last), last.timeline());
  }

  private static TargetUsage usage(List<CellResult> runs) {
    List<TargetUsage> sampled = runs.stream().map(CellResult::target).filter(t -> t.samples() > 0).toList();
    if (sampled.isEmpty()) {
      return TargetUsage.NONE;
    }
    double mean = sampled.stream().mapToDouble(TargetUsage::cpuMeanPct).average().orElse(0);
    double peak = sampled.stream().mapToDouble(TargetUsage::cpuPeakPct).max().orElse(0);
    long memory = sampled.stream().mapToLong(TargetUsage::memPeakBytes).max().orElse(0);
    int processes = sampled.stream().mapToInt(TargetUsage::processes).max().orElse(0);
    int samples = sampled.stream().mapToInt(TargetUsage::samples).sum();
    return new TargetUsage(mean, peak, memory, processes, samples);
  }

  /**
   * A verdict's kind (the words before its colon) with how many repetitions it held in and the
   * first one's wording: "load-generator-bound in 2 of 5 repetitions, e.g. agent 'x'...".
   */
  private static List<String> verdicts(List<CellResult> runs) {
    Map<String, List<String>> byKind = new LinkedHashMap<>();
    for (CellResult run : runs) {
      Set<String> kinds = new LinkedHashSet<>();
      for (String verdict : run.verdicts()) {
        String kind = kind(verdict);
        if (kinds.add(kind)) {
          byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(verdict);
        }
      }
    }
    List<String> out = new ArrayList<>();
    byKind.forEach((kind, seen) -> {
      String first = seen.get(0);
      out.add(String.format(Locale.ROOT, "%s in %d of %d repetitions, e.g. %s", kind, seen.size(), runs.size(),
          first.substring(Math.min(first.length(), kind.length() + 1)).strip()));
    });
    return out;
  }

  /** "network-bound", "load-generator-bound", "target not saturated": what a verdict says before its colon. */
  static String kind(String verdict) {
    int colon = verdict.indexOf(':');
    return colon < 0 ? verdict : verdict.substring(0, colon);
  }

  private static CellSetup setup(List<CellResult> runs, CellResult last) {
    List<CellSetup> known = runs.stream().map(CellResult::setup).filter(s -> s != CellSetup.UNKNOWN).toList();
    if (known.isEmpty()) {
      return CellSetup.UNKNOWN;
    }
    long saturatedVotes = known.stream().filter(s -> Boolean.TRUE.equals(s.saturated())).count();
    long unsaturatedVotes = known.stream().filter(s -> Boolean.FALSE.equals(s.saturated())).count();
    Boolean saturated = saturatedVotes + unsaturatedVotes == 0 ? null : saturatedVotes > unsaturatedVotes;
    double hostCpu = known.stream().mapToDouble(s -> s.host().cpuMeanPct()).average().orElse(0);
    HostUsage host = new HostUsage(hostCpu, known.get(0).host().cores(),
        known.stream().mapToInt(s -> s.host().samples()).sum());
    Set<String> warnings = new LinkedHashSet<>();
    known.forEach(s -> warnings.addAll(s.warnings()));
    CellSetup paths = last.setup() != CellSetup.UNKNOWN ? last.setup() : known.get(known.size() - 1);
    return new CellSetup(known.get(0).quotaCpus(), saturated, paths.paths(), host, new ArrayList<>(warnings));
  }

  private static <T> List<T> distinct(List<CellResult> runs, java.util.function.Function<CellResult, List<T>> part) {
    Set<T> all = new LinkedHashSet<>();
    runs.forEach(r -> all.addAll(part.apply(r)));
    return new ArrayList<>(all);
  }

}
