package gauntlet.controller.report;

import gauntlet.core.ErrorCounts;

/**
 * One load agent's share of a cell.
 *
 * @param clockOffsetMs the agent's clock minus the controller's
 * @param clockRttMs round trip of the clock probe the offset came from
 * @param startSkewMs when this agent actually started, relative to the agreed instant
 * @param cpuPeakPct the agent process's peak CPU, 100 = one core
 * @param busiestLoopCpuPct mean CPU of its busiest event loop; near 100 the generator set the pace
 * @param transport the socket transport its load engine ran on (io_uring, epoll, nio); empty when it
 *     never started
 */
public record AgentLoadResult(
    String agent,
    long requests,
    long bytes,
    ErrorCounts errors,
    double clockOffsetMs,
    double clockRttMs,
    double startSkewMs,
    double cpuPeakPct,
    double busiestLoopCpuPct,
    int cores,
    String transport) {

  public AgentLoadResult {
    transport = transport == null ? "" : transport;
  }

  /** Without a transport known. */
  public AgentLoadResult(String agent, long requests, long bytes, ErrorCounts errors, double clockOffsetMs,
      double clockRttMs, double startSkewMs, double cpuPeakPct, double busiestLoopCpuPct, int cores) {
    this(agent, requests, bytes, errors, clockOffsetMs, clockRttMs, startSkewMs, cpuPeakPct, busiestLoopCpuPct, cores,
        "");
  }
}
