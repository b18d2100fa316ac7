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
  /**
   * Share of the probed link throughput above which the link, not the server, is the limit. The
   * share counts only the TCP/IP headers (see {@link #SEGMENT_HEADER_BYTES}), a lower bound of the
   * per-packet cost, so a link that small responses really fill shows ~75% over a WireGuard hop
   * (measured in deploy/lab): 60% flags it with room to spare, and a server that leaves a link
   * half idle is still not called network-bound.
   */
  static final double NETWORK_BOUND_SHARE = 0.6;
  /** CPU of the busiest event loop above which the generator, not the server, set the pace. */
  static final double GENERATOR_BOUND_LOOP_CPU = 90;
  /**
   * TCP/IPv4 headers with timestamps: what every segment costs on any path. A small response
   * travels in a segment of its own and pays them once; the probe's full-size segments pay them
   * once per {@link #PROBE_SEGMENT_BYTES}. Without counting them, a link saturated by 136-byte
   * responses looks barely half used next to the probe. Tunnels (WireGuard adds ~80 bytes) and
   * Wi-Fi framing cost more per packet still, so this underestimates the share, never inflates it.
   */
  static final int SEGMENT_HEADER_BYTES = 52;
  /** Payload of a full-size segment on a 1500-byte Ethernet path (MSS 1460 less timestamps). */
  static final int PROBE_SEGMENT_BYTES = 1448;

  private Verdicts() {}

  static List<String> of(LoadPlan load, List<AgentLoadResult> agents, List<NetworkProbeResult> probes,
      LoadMerger.Merged merged) {
    return of(load, agents, probes, merged.durationSeconds());
  }

  static List<String> of(LoadPlan load, List<AgentLoadResult> agents, List<NetworkProbeResult> probes,
      double seconds) {
    List<String> verdicts = new ArrayList<>();
    for (AgentLoadResult agent : agents) {
      NetworkProbeResult probe = probes.stream().filter(p -> p.agent().equals(agent.agent())).findFirst().orElse(null);
      if (probe != null && probe.bitsPerSecond() > 0 && seconds > 0) {
        double bits = agent.bytes() * 8 / seconds;
        double onLink = (agent.bytes() + (double) agent.requests() * SEGMENT_HEADER_BYTES) * 8 / seconds;
        double linkOnWire = probe.bitsPerSecond() * (PROBE_SEGMENT_BYTES + SEGMENT_HEADER_BYTES) / PROBE_SEGMENT_BYTES;
        if (onLink >= NETWORK_BOUND_SHARE * linkOnWire) {
          verdicts.add(String.format(Locale.ROOT,
              "network-bound: agent '%s' received %.1f Mbit/s (%.1f with TCP/IP headers), %.0f%% of the %.1f Mbit/s"
                  + " its link carried in the probe",
              agent.agent(), bits / 1e6, onLink / 1e6, 100 * onLink / linkOnWire, probe.bitsPerSecond() / 1e6));
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
