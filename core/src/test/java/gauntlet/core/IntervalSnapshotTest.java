package gauntlet.core;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.v1.IntervalReport;
import gauntlet.wire.LatencyHistograms;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class IntervalSnapshotTest {

  @Test
  void wireRoundTripKeepsCountsErrorsAndBothHistograms() throws Exception {
    Histogram latency = LatencyHistograms.create();
    Histogram service = LatencyHistograms.create();
    for (int i = 1; i <= 10_000; i++) {
      latency.recordValue(i * 37L);
      service.recordValue(i * 3L);
    }
    IntervalSnapshot snapshot = new IntervalSnapshot(1_000, 2_000, true, 10_000, 1_234_567,
        ErrorCounts.of(1, 2, 3, 4, 5), latency, service, 64, 42.5);

    IntervalReport decoded = IntervalReport.parseFrom(snapshot.toWire(87.5).toByteArray());

    assertThat(decoded.getStartUnixNanos()).isEqualTo(1_000);
    assertThat(decoded.getEndUnixNanos()).isEqualTo(2_000);
    assertThat(decoded.getWarmup()).isTrue();
    assertThat(decoded.getRequests()).isEqualTo(10_000);
    assertThat(decoded.getBytes()).isEqualTo(1_234_567);
    assertThat(ErrorCounts.fromWire(decoded.getErrors())).isEqualTo(ErrorCounts.of(1, 2, 3, 4, 5));
    assertThat(LatencyHistograms.decode(decoded.getLatencyHistogram())).isEqualTo(latency);
    assertThat(LatencyHistograms.decode(decoded.getServiceHistogram())).isEqualTo(service);
    assertThat(decoded.getAgentCpuPct()).isEqualTo(87.5);
    assertThat(decoded.getConnectionsOpen()).isEqualTo(64);
    assertThat(decoded.getLoopCpuMaxPct()).isEqualTo(42.5);
  }

  @Test
  void closedModelSnapshotCarriesNoServiceHistogram() {
    IntervalSnapshot snapshot = new IntervalSnapshot(0, 1, false, 0, 0, ErrorCounts.NONE,
        LatencyHistograms.create(), null, 0, 0);
    assertThat(snapshot.toWire(0).getServiceHistogram().isEmpty()).isTrue();
  }
}
