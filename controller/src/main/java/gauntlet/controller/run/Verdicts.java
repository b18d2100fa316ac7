package gauntlet.controller.run;

import gauntlet.controller.plan.LoadPlan;
import gauntlet.controller.report.AgentLoadResult;
import gauntlet.controller.report.HostUsage;
import gauntlet.controller.report.LoadPath;
import gauntlet.controller.report.NetworkProbeResult;
import gauntlet.controller.report.TargetUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Says when something other than the server limited a cell: the network link (transfer rate near
 * the probed throughput), a load generator (its CPU near what its event loops can use), or, when
 * the target stayed below its CPU quota, whatever else is known to have held it back.
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

  /** Peak CPU, as a share of the quota, from which a target counts as saturated. */
  static final double SATURATED_SHARE = 0.9;
  /** Mean busy share of all the host's cores above which the host had no CPU to spare. */
  static final double HOST_BUSY_SHARE = 0.9;
  static final String NOT_SATURATED = "target not saturated";

  private Verdicts() {}

  /** Whether the target's peak reached {@link #SATURATED_SHARE} of its quota; empty when unknown. */
  static Optional<Boolean> saturated(TargetUsage usage, double quotaCpus) {
    if (usage.samples() == 0 || quotaCpus <= 0) {
      return Optional.empty();
    }
    return Optional.of(usage.cpuPeakPct() >= SATURATED_SHARE * 100 * quotaCpus);
  }

  /**
   * "target not saturated: peak 47 % of its 1-CPU quota; the limit was elsewhere: ..." when the
   * target stayed below {@link #SATURATED_SHARE} of its quota, naming what is known to have held
   * it back: the open model's rate, the load generator or the network (from {@code earlier}),
   * docker-proxy in the path, or a host whose CPUs were all busy.
   */
  static Optional<String> notSaturated(LoadPlan load, TargetUsage usage, double quotaCpus, HostUsage host,
      List<LoadPath> paths, List<String> earlier, boolean probed) {
    return notSaturated(load, usage, quotaCpus, host, -1, paths, earlier, probed);
  }

  /**
   * @param loadCpuOnHost mean CPU of the load agents on the target's host (100 = one core), to split
   *     a busy host's CPU into the target, the generator and the rest; negative when not known
   */
  static Optional<String> notSaturated(LoadPlan load, TargetUsage usage, double quotaCpus, HostUsage host,
      double loadCpuOnHost, List<LoadPath> paths, List<String> earlier, boolean probed) {
    if (saturated(usage, quotaCpus).orElse(true)) {
      return Optional.empty();
    }
    List<String> reasons = new ArrayList<>();
    if (load.openModel()) {
      reasons.add(String.format(Locale.ROOT, "the open model asked for %,.0f requests/s", load.rate()));
    }
    if (earlier.stream().anyMatch(v -> v.startsWith("load-generator-bound"))) {
      reasons.add("load-generator-bound (above)");
    }
    if (earlier.stream().anyMatch(v -> v.startsWith("network-bound"))) {
      reasons.add("network-bound (above)");
    }
    boolean proxied = paths.stream().anyMatch(p -> p.path().equals(LoadPath.VIA_DOCKER_PROXY));
    if (proxied) {
      reasons.add("docker-proxy relayed the load, outside the quota");
    }
    if (host.samples() > 0 && host.busyShare() >= HOST_BUSY_SHARE) {
      String split = loadCpuOnHost < 0
          ? "the target, the load generator if it runs there, and every other process"
          : String.format(Locale.ROOT, "of one core: the target %.0f %%, the load generator %.0f %%, the rest %.0f %%:"
              + " other processes%s, the kernel", usage.cpuMeanPct(), loadCpuOnHost,
              Math.max(0, host.cpuMeanPct() - usage.cpuMeanPct() - loadCpuOnHost), proxied ? ", docker-proxy" : "");
      reasons.add(String.format(Locale.ROOT, "the target's host had no CPU to spare: its %d cores were %.0f %% busy"
          + " on average (%s)", host.cores(), 100 * host.busyShare(), split));
    }
    if (reasons.isEmpty()) {
      reasons.add("not found (the load generator" + (probed ? ", the network" : "")
          + (host.samples() > 0 ? String.format(Locale.ROOT, " and the host's CPUs (%.0f %% busy)",
              100 * host.busyShare()) : "") + " had room" + (probed ? "" : "; the network was not probed") + ")");
    }
    return Optional.of(String.format(Locale.ROOT, "%s: peak %.0f %% of its %s-CPU quota; the limit was elsewhere: %s",
        NOT_SATURATED, usage.cpuPeakPct() / quotaCpus, gauntlet.controller.plan.Cell.formatCpus(quotaCpus),
        String.join("; ", reasons)));
  }

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
