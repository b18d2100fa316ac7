package gauntlet.controller.report;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The figures that get a mean and an interval over a cell's repetitions, and that comparisons and
 * {@code gauntlet compare} put side by side, named as results.json names them.
 */
public enum CellFigure {
  RPS("rps", "throughput", Trophies.Better.HIGHER, c -> OptionalDouble.of(c.rps())),
  P50_MS("p50_ms", "p50 latency", Trophies.Better.LOWER, c -> c.requests() > 0
      ? OptionalDouble.of(c.latency().p50Ms()) : OptionalDouble.empty()),
  P99_MS("p99_ms", "p99 latency", Trophies.Better.LOWER, c -> c.requests() > 0
      ? OptionalDouble.of(c.latency().p99Ms()) : OptionalDouble.empty()),
  RPS_PER_CPU("rps_per_cpu_s", "requests per CPU-second", Trophies.Better.HIGHER, LedgerBuilder::requestsPerCpuSecond);

  private final String key;
  private final String label;
  private final Trophies.Better better;
  private final Function<CellResult, OptionalDouble> value;

  CellFigure(String key, String label, Trophies.Better better, Function<CellResult, OptionalDouble> value) {
    this.key = key;
    this.label = label;
    this.better = better;
    this.value = value;
  }

  /** As results.json names it: {@code rps}, {@code p50_ms}, ... */
  public String key() {
    return key;
  }

  /** As a sentence names it: "throughput". */
  public String label() {
    return label;
  }

  /** Whether more of it is better (throughput) or less (latency). */
  public boolean higherIsBetter() {
    return better == Trophies.Better.HIGHER;
  }

  /** The figures with a per-cell interval in results.json ({@code ci95}). */
  public static List<CellFigure> withInterval() {
    return List.of(RPS, P50_MS, P99_MS);
  }

  /** The figure's value for each measured (not failed) run. */
  public double[] of(List<CellResult> runs) {
    return runs.stream().filter(r -> !r.failed()).map(value).filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble).toArray();
  }
}
