package gauntlet.controller.compare;

import java.util.List;
import java.util.Map;

/**
 * One cell of a results.json as {@code gauntlet compare} needs it: its configuration and the
 * figures of each measured repetition.
 *
 * @param figures by results.json's name ({@code rps}, {@code p50_ms}, {@code p99_ms}): one value per measured repetition
 */
public record RecordedCell(String id, String runtime, double cpus, boolean cluster, int copy, String status,
    Map<String, double[]> figures) {
  public RecordedCell {
    figures = Map.copyOf(figures);
  }

  /** What must agree for two cells to be the same configuration but for the quota. */
  String family() {
    return runtime + "|" + cluster + "|" + copy;
  }

  int repetitions() {
    return figures.values().stream().mapToInt(v -> v.length).max().orElse(0);
  }

  static final List<String> FIGURES = List.of("rps", "p50_ms", "p99_ms");
}
