package gauntlet.agent.target;

/**
 * One resource reading of a running target.
 *
 * @param unixNanos when it was read, wall clock
 * @param cpuPercent CPU used since the previous reading, docker-stats arithmetic: 100 = one core
 * @param memoryBytes resident memory now
 * @param processes server processes alive now
 */
public record ResourceSample(long unixNanos, double cpuPercent, long memoryBytes, int processes) {}
