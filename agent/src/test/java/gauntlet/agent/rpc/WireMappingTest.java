package gauntlet.agent.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.agent.AgentLimitsConfig;
import gauntlet.core.ErrorCounts;
import gauntlet.agent.load.IntervalSnapshot;
import gauntlet.agent.load.LoadOptions;
import gauntlet.v1.IntervalReport;
import gauntlet.v1.LoadSpec;
import gauntlet.wire.LatencyHistograms;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class WireMappingTest {

  @Test
  void intervalReportRoundTripKeepsCountsErrorsAndBothHistograms() throws Exception {
    Histogram latency = LatencyHistograms.create();
    Histogram service = LatencyHistograms.create();
    for (int i = 1; i <= 10_000; i++) {
      latency.recordValue(i * 37L);
      service.recordValue(i * 3L);
    }
    IntervalSnapshot snapshot = new IntervalSnapshot(1_000, 2_000, true, 10_000, 1_234_567,
        new ErrorCounts(1, 2, 3, 4, 5), latency, service, 64, 42.5);

    IntervalReport decoded = IntervalReport.parseFrom(WireMapping.intervalReport(snapshot, 87.5).toByteArray());

    assertThat(decoded.getStartUnixNanos()).isEqualTo(1_000);
    assertThat(decoded.getEndUnixNanos()).isEqualTo(2_000);
    assertThat(decoded.getWarmup()).isTrue();
    assertThat(decoded.getRequests()).isEqualTo(10_000);
    assertThat(decoded.getBytes()).isEqualTo(1_234_567);
    assertThat(WireMapping.errorCounts(decoded.getErrors())).isEqualTo(new ErrorCounts(1, 2, 3, 4, 5));
    assertThat(LatencyHistograms.decode(decoded.getLatencyHistogram())).isEqualTo(latency);
    assertThat(LatencyHistograms.decode(decoded.getServiceHistogram())).isEqualTo(service);
    assertThat(decoded.getAgentCpuPct()).isEqualTo(87.5);
    assertThat(decoded.getConnectionsOpen()).isEqualTo(64);
    assertThat(decoded.getLoopCpuMaxPct()).isEqualTo(42.5);
  }

  @Test
  void closedModelReportCarriesNoServiceHistogram() {
    IntervalSnapshot snapshot = new IntervalSnapshot(0, 1, false, 0, 0, ErrorCounts.NONE,
        LatencyHistograms.create(), null, 0, 0);
    assertThat(WireMapping.intervalReport(snapshot, 0).getServiceHistogram().isEmpty()).isTrue();
  }

  @Test
  void loadSpecBecomesEngineOptionsWithWrkDefaults() {
    LoadOptions options = WireMapping.loadOptions(LoadSpec.newBuilder()
        .setUrl("http://127.0.0.1:3000/json").setThreads(2).setConnections(200).setDurationMs(30_000).build(),
        AgentLimitsConfig.DEFAULT);

    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(options.method()).isEqualTo("GET");
    assertThat(options.openModel()).isFalse();
  }

  @Test
  void requestAboveTheAgentsConnectionLimitIsRefusedNamingTheLimit() {
    LoadSpec spec = LoadSpec.newBuilder().setUrl("http://127.0.0.1/").setThreads(1).setConnections(50_000)
        .setDurationMs(1000).build();
    assertThatThrownBy(() -> WireMapping.loadOptions(spec, AgentLimitsConfig.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connections 50000 is above this agent's limit of 20000 (its --max-connections)");
  }

  @Test
  void requestLongerThanTheAgentAcceptsIsRefused() {
    LoadSpec spec = LoadSpec.newBuilder().setUrl("http://127.0.0.1/").setThreads(1).setConnections(1)
        .setDurationMs(Duration.ofHours(3).toMillis()).build();
    assertThatThrownBy(() -> WireMapping.loadOptions(spec, AgentLimitsConfig.DEFAULT))
        .hasMessageContaining("10800 s is above this agent's limit of 7200 s");
  }
}
