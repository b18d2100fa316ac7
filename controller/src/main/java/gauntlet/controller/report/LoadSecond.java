package gauntlet.controller.report;

import gauntlet.core.ErrorCounts;
import java.util.Map;

/**
 * One second of a cell's measured window, summed over its load agents.
 *
 * @param second 1 for the interval {@code [0 s, 1 s)} of the measured window, 2 for the next...
 * @param latency read from the second's merged histogram (exact, not an average of agents' percentiles)
 * @param agentCpuPct each load agent's process CPU over the second, 100 = one core; an agent whose
 *     report for this second never came is absent
 */
public record LoadSecond(
    int second, long requests, long bytes, ErrorCounts errors, LatencySummary latency, Map<String, Double> agentCpuPct) {
  public LoadSecond {
    agentCpuPct = Map.copyOf(agentCpuPct);
  }
}
