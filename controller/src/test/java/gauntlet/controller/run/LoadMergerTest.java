package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.core.ErrorCounts;
import gauntlet.core.IntervalSnapshot;
import gauntlet.v1.IntervalReport;
import gauntlet.wire.LatencyHistograms;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import gauntlet.controller.report.LoadSecond;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadMergerTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long ORIGIN = 1_700_000_000L * SECOND;

  @Test
  void mergedHistogramEqualsOneHistogramHoldingEverySample() {
    List<String> agents = List.of("a", "b", "c");
    LoadMerger merger = new LoadMerger(agents, Duration.ofSeconds(1), ORIGIN);
    Histogram everything = LatencyHistograms.create();
    SplittableRandom random = new SplittableRandom(42);
    long requests = 0;
    for (String agent : agents) {
      for (int second = 0; second < 10; second++) {
        Histogram interval = LatencyHistograms.create();
        int n = 1000 + random.nextInt(5000);
        for (int i = 0; i < n; i++) {
          // Heavy tail: mostly sub-millisecond, some stalls up to two seconds.
          long micros = random.nextInt(100) == 0 ? 1 + random.nextLong(2_000_000) : 50 + random.nextLong(900);
          interval.recordValue(micros);
          everything.recordValue(micros);
        }
        requests += n;
        merger.add(agent, ClockEstimate.SAME_CLOCK, report(ORIGIN + second * SECOND, interval, n, false));
      }
    }

    LoadMerger.Merged merged = merger.result();

    assertThat(merged.latency()).isEqualTo(everything);
    assertThat(merged.requests()).isEqualTo(requests).isEqualTo(everything.getTotalCount());
    for (double p : new double[] {50, 90, 99, 99.9, 99.99, 100}) {
      assertThat(merged.latency().getValueAtPercentile(p)).as("p%s", p).isEqualTo(everything.getValueAtPercentile(p));
    }
    assertThat(merged.latency().getMean()).isEqualTo(everything.getMean());
    assertThat(merged.durationSeconds()).isEqualTo(10.0);
  }

  @Test
  void warmupIntervalsAreLeftOut() {
    LoadMerger merger = new LoadMerger(List.of("a"), Duration.ofSeconds(1), ORIGIN);
    Histogram warm = LatencyHistograms.create();
    warm.recordValue(50_000);
    Histogram measured = LatencyHistograms.create();
    measured.recordValue(100);

    merger.add("a", ClockEstimate.SAME_CLOCK, report(ORIGIN - SECOND, warm, 1, true));
    merger.add("a", ClockEstimate.SAME_CLOCK, report(ORIGIN, measured, 1, false));

    LoadMerger.Merged merged = merger.result();
    assertThat(merged.requests()).isEqualTo(1);
    assertThat(merged.latency().getMaxValue()).isLessThan(200);
    assertThat(merged.intervals()).hasSize(1);
  }

  @Test
  void intervalsOfAgentsWithDifferentClocksLandInTheSameSecond() {
    LoadMerger merger = new LoadMerger(List.of("fast", "slow"), Duration.ofSeconds(1), ORIGIN);
    // "fast" runs 3.2 s ahead of the controller, "slow" 1.7 s behind; both measured second 4.
    ClockEstimate fast = new ClockEstimate(3_200_000_000L, 1_000_000);
    ClockEstimate slow = new ClockEstimate(-1_700_000_000L, 1_000_000);
    Histogram one = LatencyHistograms.create();
    one.recordValue(1000);

    merger.add("fast", fast, report(fast.toAgent(ORIGIN + 4 * SECOND + 5_000_000), one, 1, false));
    merger.add("slow", slow, report(slow.toAgent(ORIGIN + 4 * SECOND - 8_000_000), one, 1, false));

    List<Histogram> intervals = merger.result().intervals();
    assertThat(intervals).hasSize(1);
    assertThat(intervals.get(0).getTotalCount()).isEqualTo(2);
    assertThat(intervals.get(0).getStartTimeStamp()).isEqualTo((ORIGIN + 4 * SECOND) / 1_000_000);
  }

  @Test
  void errorsAndBytesAreSummedPerClassOverAgents() {
    LoadMerger merger = new LoadMerger(List.of("a", "b"), Duration.ofSeconds(1), ORIGIN);
    Histogram h = LatencyHistograms.create();
    merger.add("a", ClockEstimate.SAME_CLOCK, new IntervalSnapshot(ORIGIN, ORIGIN + SECOND,
        false, 0, 100, ErrorCounts.of(1, 2, 3, 4, 5), h, null, 1, 0).toWire(10));
    merger.add("b", ClockEstimate.SAME_CLOCK, new IntervalSnapshot(ORIGIN, ORIGIN + SECOND,
        false, 0, 50, ErrorCounts.of(10, 0, 0, 60, 0), h, null, 1, 0).toWire(20));

    LoadMerger.Merged merged = merger.result();
    assertThat(merged.errors()).isEqualTo(ErrorCounts.of(11, 2, 3, 64, 5));
    assertThat(merged.bytes()).isEqualTo(150);
    assertThat(merged.agents().get("b").cpuPeak).isEqualTo(20);
  }

  @Test
  void eachSecondKeepsItsRequestsErrorsPercentilesAndEveryAgentsCpu() {
    LoadMerger merger = new LoadMerger(List.of("a", "b"), Duration.ofSeconds(1), ORIGIN);
    Histogram fast = LatencyHistograms.create();
    fast.recordValue(100);
    Histogram slow = LatencyHistograms.create();
    slow.recordValue(9_000);

    merger.add("a", ClockEstimate.SAME_CLOCK, report(ORIGIN, fast, 1, false));
    merger.add("b", ClockEstimate.SAME_CLOCK, report(ORIGIN, slow, 1, false).toBuilder().setAgentCpuPct(75)
        .setErrors(gauntlet.v1.ErrorCounts.newBuilder().setTimeout(2).setStatus(1)).build());
    Optional<Progress.Interval> live = merger.add("a", ClockEstimate.SAME_CLOCK, report(ORIGIN + SECOND, fast, 1, false));

    List<LoadSecond> seconds = merger.result().seconds();
    assertThat(seconds).extracting(LoadSecond::second).containsExactly(1, 2);
    assertThat(seconds.get(0).requests()).isEqualTo(2);
    assertThat(seconds.get(0).errors()).isEqualTo(ErrorCounts.of(0, 0, 0, 2, 1));
    assertThat(seconds.get(0).latency().maxMs()).isEqualTo(slow.getMaxValue() / 1000.0);
    assertThat(seconds.get(0).latency().p50Ms()).isEqualTo(fast.getMaxValue() / 1000.0);
    assertThat(seconds.get(0).agentCpuPct()).isEqualTo(java.util.Map.of("a", 50.0, "b", 75.0));
    assertThat(seconds.get(1).agentCpuPct()).containsOnlyKeys("a");
    assertThat(live).hasValueSatisfying(i -> {
      assertThat(i.agent()).isEqualTo("a");
      assertThat(i.requests()).isEqualTo(1);
      assertThat(LatencyHistograms.decode(i.latency())).isEqualTo(fast);
    });
    assertThat(merger.add("a", ClockEstimate.SAME_CLOCK, report(ORIGIN - SECOND, fast, 1, true))).isEmpty();
  }

  private static IntervalReport report(long startAgentNanos, Histogram histogram, long requests, boolean warmup) {
    return new IntervalSnapshot(startAgentNanos, startAgentNanos + SECOND, warmup,
        requests, requests * 150, ErrorCounts.NONE, histogram, null, 10, 0).toWire(50);
  }
}
