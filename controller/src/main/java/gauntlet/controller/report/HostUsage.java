package gauntlet.controller.report;

/**
 * The target host's whole CPU over the measured window: every process, the target included.
 *
 * @param cpuMeanPct mean busy CPU, 100 = one core
 * @param cores the host's cores
 * @param samples one-second readings it rests on; 0 when the agent could not read it
 */
public record HostUsage(double cpuMeanPct, int cores, int samples) {
  public static final HostUsage NONE = new HostUsage(0, 0, 0);

  /** Mean busy share of all its cores, 0..1. */
  public double busyShare() {
    return cores > 0 ? cpuMeanPct / (100.0 * cores) : 0;
  }
}
