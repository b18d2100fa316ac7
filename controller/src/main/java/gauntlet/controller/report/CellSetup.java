package gauntlet.controller.report;

import java.util.List;

/**
 * What surrounded a cell's measurement: the target's effective quota, the path each load agent's
 * requests took, how busy the target's host was, and what the user should know about them.
 *
 * @param quotaCpus the target's effective CPU quota in cores (the host's cores when unlimited); 0 unknown
 * @param saturated whether the target's peak CPU reached {@code SATURATED_SHARE} of its quota; null unknown
 * @param warnings every substitution and fallback: CPUs clamped, a limit not enforced, affinity
 *     instead of a quota, docker-proxy in the path, a network the launcher could not give
 * @param ran what was in force, e.g. "process launcher, host network, CPU quota 1, memory 512 MiB";
 *     empty when unknown
 */
public record CellSetup(double quotaCpus, Boolean saturated, List<LoadPath> paths, HostUsage host,
    List<String> warnings, String ran) {
  /** A cell that never got as far as its load. */
  public static final CellSetup UNKNOWN = new CellSetup(0, null, List.of(), HostUsage.NONE, List.of(), "");

  /** A setup whose limits in force are unknown. */
  public CellSetup(double quotaCpus, Boolean saturated, List<LoadPath> paths, HostUsage host, List<String> warnings) {
    this(quotaCpus, saturated, paths, host, warnings, "");
  }

  public CellSetup {
    paths = List.copyOf(paths);
    warnings = List.copyOf(warnings);
    java.util.Objects.requireNonNull(ran, "ran");
  }

  /** The distinct paths, e.g. "host", or "container address + published port (kernel DNAT)". */
  public String networkPath() {
    return String.join(" + ", paths.stream().map(LoadPath::path).distinct().toList());
  }
}
