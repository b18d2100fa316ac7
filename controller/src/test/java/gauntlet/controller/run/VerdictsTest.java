package gauntlet.controller.run;

import java.util.Map;

import gauntlet.controller.plan.UrlTemplate;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.core.ErrorCounts;
import gauntlet.controller.plan.LoadPlan;
import gauntlet.controller.report.AgentLoadResult;
import gauntlet.controller.report.NetworkProbeResult;
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
}
