package gauntlet.controller.report;

/**
 * What a load agent measured of its path to the target host before the load.
 *
 * @param agent the load agent
 * @param bitsPerSecond TCP throughput to the target host
 */
public record NetworkProbeResult(
    String agent, double rttMinMs, double rttAvgMs, double rttMaxMs, double bitsPerSecond) {}
