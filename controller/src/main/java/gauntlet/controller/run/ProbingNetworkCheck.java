package gauntlet.controller.run;

import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.report.NetworkProbeResult;
import gauntlet.v1.ProbeReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Has every load agent measure its path to the target host (RTT and TCP throughput against a sink
 * on the target agent) once per run, before the first load; later cells reuse the figures, since
 * the path does not change between cells of one run.
 */
final class ProbingNetworkCheck implements NetworkCheck {
  private static final int RTT_SAMPLES = 10;
  private static final Duration SINK_TTL = Duration.ofMinutes(1);

  private final Plan plan;
  private final AgentPool agents;
  private final Duration throughputTime;
  private final Progress progress;
  private List<NetworkProbeResult> measured;

  ProbingNetworkCheck(Plan plan, AgentPool agents, Duration throughputTime, Progress progress) {
    this.plan = plan;
    this.agents = agents;
    this.throughputTime = throughputTime;
    this.progress = progress;
  }

  @Override
  public synchronized List<NetworkProbeResult> probe(Cell cell, String targetHost, int targetPort) {
    if (measured != null) {
      return measured;
    }
    LeasedSession target = agents.session(plan.target().agent());
    int sinkPort = target.openProbeSink("", SINK_TTL).getPort();
    List<NetworkProbeResult> results = new ArrayList<>();
    for (String loader : plan.load().agents()) {
      ProbeReply reply = agents.session(loader).probe(targetHost, sinkPort, RTT_SAMPLES, throughputTime);
      NetworkProbeResult result = new NetworkProbeResult(loader, reply.getRttMinMs(), reply.getRttAvgMs(),
          reply.getRttMaxMs(), reply.getBitsPerSecond());
      progress.note(String.format(java.util.Locale.ROOT,
          "network %s -> %s: rtt min/avg/max %.3f/%.3f/%.3f ms, %.1f Mbit/s", loader, targetHost,
          result.rttMinMs(), result.rttAvgMs(), result.rttMaxMs(), result.bitsPerSecond() / 1e6));
      results.add(result);
    }
    measured = List.copyOf(results);
    return measured;
  }
}
