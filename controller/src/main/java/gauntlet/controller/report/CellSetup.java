package gauntlet.controller.report;

import java.util.List;

/**
 * What surrounded a cell's measurement: the target's effective quota, the path each load agent's
 * requests took, how busy the target's host was, and what the user should know about them.
 *
 * @param quotaCpus the target's effective CPU quota in cores (the host's cores when unlimited); 0 unknown
 * @param saturated whether the target's peak CPU reached {@code SATURATED_SHARE} of its quota; null unknown
 * @param warnings e.g. that docker-proxy relayed the load, or that CPUs were clamped
 */
public record CellSetup(double quotaCpus, Boolean saturated, List<LoadPath> paths, HostUsage host,
    List<String> warnings) {
  /** A cell that never got as far as its load. */
  public static final CellSetup UNKNOWN = new CellSetup(0, null, List.of(), HostUsage.NONE, List.of());

  public CellSetup {
    paths = List.copyOf(paths);
    warnings = List.copyOf(warnings);
  }

  /** The distinct paths, e.g. "host", or "container address + published port (kernel DNAT)". */
  public String networkPath() {
    return String.join(" + ", paths.stream().map(LoadPath::path).distinct().toList());
  }
}
