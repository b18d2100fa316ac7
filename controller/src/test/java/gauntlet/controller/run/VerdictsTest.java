package gauntlet.controller.run;

import java.util.Map;

import gauntlet.controller.plan.UrlTemplate;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.core.ErrorCounts;
import gauntlet.controller.plan.LoadPlan;
import gauntlet.controller.report.AgentLoadResult;
import gauntlet.controller.report.HostUsage;
import gauntlet.controller.report.LoadPath;
import gauntlet.controller.report.NetworkProbeResult;
import gauntlet.controller.report.TargetUsage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictsTest {
  private static final LoadPlan LOAD = new LoadPlan(List.of("laptop"), UrlTemplate.parse("http://{target}:3000/json"), "GET", Map.of(), "", 1, 32,
      Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2), 0, Duration.ofSeconds(3), false);
  private static final ErrorCounts NO_ERRORS = ErrorCounts.of(0, 0, 0, 0, 0);

  private static AgentLoadResult agent(long requests, long bytes, double busiestLoop) {
    return new AgentLoadResult("laptop", requests, bytes, NO_ERRORS, 0, 0.1, 0.5, 50, busiestLoop, 2);
  }

  private static List<NetworkProbeResult> probe(double bitsPerSecond) {
    return List.of(new NetworkProbeResult("laptop", 0.3, 1.9, 6.3, bitsPerSecond));
  }

  @Test
  void smallResponsesFillingTheLinkAreNetworkBoundOnceTheirHeadersCount() {
    // Measured in the lab over WireGuard on a 4 Mbit/s tbf link: 9,348 responses of 136 bytes in
    // 5 s against a 3.67 Mbit/s probe. Response bytes alone are 55% of the probe; with 52 bytes of
    // TCP/IP headers each they are 76% of it.
    List<String> verdicts = Verdicts.of(LOAD, List.of(agent(9_348, 1_271_328, 12)), probe(3_672_292), 5.0);

    assertThat(verdicts).singleElement().asString()
        .startsWith("network-bound: agent 'laptop' received 2.0 Mbit/s (2.8 with TCP/IP headers), 74% of the 3.7")
        .endsWith("its link carried in the probe");
  }

  @Test
  void aServerFarBelowTheLinkIsNotNetworkBound() {
    // The same load on the fast backplane, probed at 2 Gbit/s.
    assertThat(Verdicts.of(LOAD, List.of(agent(9_348, 1_271_328, 12)), probe(2e9), 5.0)).isEmpty();
  }

  @Test
  void bulkTransferNearTheProbeIsNetworkBoundAndFarBelowItIsNot() {
    // 1,000 responses of 100 kB, 160 Mbit/s: their headers are noise, and the probe's 52 bytes per
    // 1448-byte segment put its 200 Mbit/s at 207 on the wire: 77%.
    assertThat(Verdicts.of(LOAD, List.of(agent(1_000, 100_000_000, 12)), probe(200e6), 5.0)).singleElement()
        .asString().contains("(160.1 with TCP/IP headers), 77% of the 200.0 Mbit/s");
    assertThat(Verdicts.of(LOAD, List.of(agent(1_000, 100_000_000, 12)), probe(400e6), 5.0)).isEmpty();
  }

  @Test
  void saturatedEventLoopIsLoadGeneratorBound() {
    assertThat(Verdicts.of(LOAD, List.of(agent(9_348, 1_271_328, 95)), probe(2e9), 5.0)).singleElement()
        .asString().startsWith("load-generator-bound: agent 'laptop''s busiest event loop used 95% of a core");
  }

  @Test
  void noProbeMeansNoNetworkVerdict() {
    assertThat(Verdicts.of(LOAD, List.of(agent(9_348, 1_271_328, 12)), List.of(), 5.0)).isEmpty();
  }

  private static final List<LoadPath> PROXIED =
      List.of(new LoadPath("laptop", LoadPath.VIA_DOCKER_PROXY, "http://127.0.0.1:3000/json"));
  private static final List<LoadPath> DIRECT = List.of(new LoadPath("laptop", LoadPath.HOST, "http://127.0.0.1:3000/json"));

  private static TargetUsage peak(double pct) {
    return new TargetUsage(pct * 0.9, pct, 8 << 20, 1, 5);
  }

  @Test
  void aTargetFarBelowItsQuotaIsFlaggedWithDockerProxyAndABusyHostAsTheReasons() {
    // The Bun cell: 47 % of a 1-CPU quota through docker-proxy on a 2-core host.
    assertThat(Verdicts.notSaturated(LOAD, peak(47), 1, new HostUsage(196, 2, 5), PROXIED, List.of(), false))
        .contains("target not saturated: peak 47 % of its 1-CPU quota; the limit was elsewhere: docker-proxy"
            + " relayed the load, outside the quota; the target's host had no CPU to spare: its 2 cores were 98 %"
            + " busy on average (the target, the load generator if it runs there, and every other process)");
  }

  @Test
  void aBusyHostsCpuIsSplitIntoTheTargetTheGeneratorAndTheRest() {
    assertThat(Verdicts.notSaturated(LOAD, peak(40), 1, new HostUsage(199, 2, 5), 95, DIRECT, List.of(), false))
        .get().asString().endsWith("its 2 cores were 100 % busy on average (of one core: the target 36 %, the load"
            + " generator 95 %, the rest 68 %: other processes, the kernel)");
    assertThat(Verdicts.notSaturated(LOAD, peak(40), 1, new HostUsage(199, 2, 5), 95, PROXIED, List.of(), false))
        .get().asString().endsWith("the rest 68 %: other processes, docker-proxy, the kernel)");
  }

  @Test
  void theReasonNamesTheGeneratorOrTheNetworkWhenAnEarlierVerdictFoundThem() {
    assertThat(Verdicts.notSaturated(LOAD, peak(150), 4, new HostUsage(300, 8, 5), DIRECT,
        List.of("load-generator-bound: agent 'laptop'...", "network-bound: agent 'laptop'..."), true))
        .get().asString()
        .startsWith("target not saturated: peak 38 % of its 4-CPU quota; the limit was elsewhere: load-generator-bound"
            + " (above); network-bound (above)");
  }

  @Test
  void withNothingKnownToBlameTheFlagSaysSo() {
    assertThat(Verdicts.notSaturated(LOAD, peak(60), 1, new HostUsage(120, 2, 5), DIRECT, List.of(), false))
        .contains("target not saturated: peak 60 % of its 1-CPU quota; the limit was elsewhere: not found (the load"
            + " generator and the host's CPUs (60 % busy) had room; the network was not probed)");
  }

  @Test
  void aSaturatedTargetOrOneWithoutSamplesIsNotFlagged() {
    assertThat(Verdicts.notSaturated(LOAD, peak(91), 1, HostUsage.NONE, PROXIED, List.of(), false)).isEmpty();
    assertThat(Verdicts.notSaturated(LOAD, peak(185), 2, HostUsage.NONE, PROXIED, List.of(), false)).isEmpty();
    assertThat(Verdicts.notSaturated(LOAD, TargetUsage.NONE, 1, HostUsage.NONE, PROXIED, List.of(), false)).isEmpty();
    assertThat(Verdicts.saturated(peak(89), 1)).contains(false);
    assertThat(Verdicts.saturated(TargetUsage.NONE, 1)).isEmpty();
  }

  @Test
  void anOpenModelsRateIsAReasonToStayBelowTheQuota() {
    LoadPlan open = new LoadPlan(List.of("laptop"), UrlTemplate.parse("http://{target}:3000/json"), "GET", Map.of(), "", 1, 32,
        Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2), 5000, Duration.ofSeconds(3), false);
    assertThat(Verdicts.notSaturated(open, peak(20), 1, HostUsage.NONE, DIRECT, List.of(), false)).get().asString()
        .endsWith("the limit was elsewhere: the open model asked for 5,000 requests/s");
  }
}
