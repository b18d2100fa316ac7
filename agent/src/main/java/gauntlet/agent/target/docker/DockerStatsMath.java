package gauntlet.agent.target.docker;

/** The arithmetic of {@code docker stats}, so Gauntlet's numbers read like the article's. */
final class DockerStatsMath {
  private DockerStatsMath() {}

  /**
   * CPU % over an interval: {@code cpuDelta / systemDelta * onlineCpus * 100}, so 100 is one core
   * busy the whole interval. {@code systemDelta} is the host's CPU time over all CPUs in the same
   * interval (wall time × CPUs). A counter that went backwards or an empty interval reads 0.
   */
  static double cpuPercent(long cpuDeltaNanos, long systemDeltaNanos, long onlineCpus) {
    if (cpuDeltaNanos <= 0 || systemDeltaNanos <= 0 || onlineCpus <= 0) {
      return 0;
    }
    return (double) cpuDeltaNanos / systemDeltaNanos * onlineCpus * 100.0;
  }

  /**
   * Memory as {@code docker stats} shows it: usage minus the inactive page cache, which the kernel
   * can drop at will (cgroup v1 {@code total_inactive_file}, v2 {@code inactive_file}).
   *
   * @param totalInactiveFile cgroup v1 value, null on v2
   * @param inactiveFile cgroup v2 value, null when absent
   */
  static long memoryWithoutCache(long usage, Long totalInactiveFile, Long inactiveFile) {
    if (totalInactiveFile != null) {
      return totalInactiveFile < usage ? usage - totalInactiveFile : usage;
    }
    if (inactiveFile != null && inactiveFile < usage) {
      return usage - inactiveFile;
    }
    return usage;
  }
}
