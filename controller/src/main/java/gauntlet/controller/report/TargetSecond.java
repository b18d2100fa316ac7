package gauntlet.controller.report;

/**
 * One resource reading of the target, covering the second before it.
 *
 * @param second when it was taken, seconds into the measured window (controller clock)
 * @param cpuPct docker-stats arithmetic: 100 = one core fully busy
 */
public record TargetSecond(double second, double cpuPct, long memoryBytes) {}
