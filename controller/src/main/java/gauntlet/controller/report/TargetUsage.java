package gauntlet.controller.report;

/**
 * The target's resources over the measured window (docker-stats arithmetic: 100 % = one core).
 *
 * @param samples how many one-second readings the figures rest on; 0 when none were taken
 */
public record TargetUsage(double cpuMeanPct, double cpuPeakPct, long memPeakBytes, int processes, int samples) {
  public static final TargetUsage NONE = new TargetUsage(0, 0, 0, 0, 0);
}
