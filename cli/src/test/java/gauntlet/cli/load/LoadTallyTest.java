package gauntlet.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.core.ErrorCounts;
import gauntlet.core.IntervalSnapshot;
import gauntlet.wire.LatencyHistograms;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadTallyTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long START = 1_700_000_000L * SECOND;

  @Test
  void totalsAreTheMeasuredIntervalsSummedWarmUpLeftOut() {
    LoadTally tally = new LoadTally(Duration.ofSeconds(1), Duration.ofSeconds(1));
    tally.started(START, "nio");
    tally.interval(snapshot(0, true, 999, ErrorCounts.of(9, 9, 9, 9, 9), 50_000));
    tally.interval(snapshot(1, false, 100, ErrorCounts.of(1, 0, 0, 2, 3), 1_000));
    tally.interval(snapshot(2, false, 300, ErrorCounts.of(0, 1, 0, 0, 4), 3_000));

    assertThat(tally.requests()).isEqualTo(400);
    assertThat(tally.bytes()).isEqualTo(400 * 150);
    assertThat(tally.errors()).isEqualTo(ErrorCounts.of(1, 1, 0, 2, 7));
    assertThat(tally.seconds()).isEqualTo(2.0);
    assertThat(tally.latency().getTotalCount()).isEqualTo(400);
    assertThat(tally.latency().getMaxValue()).isLessThan(10_000);
    assertThat(tally.intervals()).hasSize(2);
    assertThat(tally.ratesPerSecond()).containsExactly(100.0, 300.0);
  }

  private static IntervalSnapshot snapshot(int index, boolean warmup, int requests, ErrorCounts errors, long micros) {
    Histogram latency = LatencyHistograms.create();
    latency.recordValueWithCount(micros, requests);
    long start = START + index * SECOND;
    return new IntervalSnapshot(start, start + SECOND, warmup, requests, requests * 150L, errors, latency, null, 8, 0);
  }
}
