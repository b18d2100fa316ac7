package gauntlet.controller.run;

import gauntlet.controller.plan.LoadPlan;
import gauntlet.controller.report.AgentLoadResult;
import gauntlet.controller.report.NetworkProbeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Says when something other than the server limited a cell: the network link (transfer rate near
 * the probed throughput) or a load generator (its CPU near what its event loops can use).
 */
final class Verdicts {
  /** Share of the probed link throughput above which the link, not the server, is the limit. */
  static final double NETWORK_BOUND_SHARE = 0.7;
  /** CPU of the busiest event loop above which the generator, not the server, set the pace. */
  static final double GENERATOR_BOUND_LOOP_CPU = 90;

  private Verdicts() {}

  static List<String> of(LoadPlan load, List<AgentLoadResult> agents, List<NetworkProbeResult> probes,
      LoadMerger.Merged merged) {
    List<String> verdicts = new ArrayList<>();
    for (AgentLoadResult agent : agents) {
      NetworkProbeResult probe = probes.stream().filter(p -> p.agent().equals(agent.agent())).findFirst().orElse(null);
      double seconds = merged.durationSeconds();
      if (probe != null && probe.bitsPerSecond() > 0 && seconds > 0) {
        double bits = agent.bytes() * 8 / seconds;
        if (bits >= NETWORK_BOUND_SHARE * probe.bitsPerSecond()) {
          verdicts.add(String.format(Locale.ROOT,
              "network-bound: agent '%s' received %.1f Mbit/s, %.0f%% of the %.1f Mbit/s its link carried in the probe",
              agent.agent(), bits / 1e6, 100 * bits / probe.bitsPerSecond(), probe.bitsPerSecond() / 1e6));
        }
      }
      if (agent.busiestLoopCpuPct() >= GENERATOR_BOUND_LOOP_CPU) {
        verdicts.add(String.format(Locale.ROOT,
            "load-generator-bound: agent '%s''s busiest event loop used %.0f%% of a core on average (%d loop%s); "
                + "add load.threads or load agents",
            agent.agent(), agent.busiestLoopCpuPct(), load.threads(), load.threads() == 1 ? "" : "s"));
      }
    }
    return verdicts;
  }
}
