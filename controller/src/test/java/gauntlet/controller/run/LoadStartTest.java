package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.controller.plan.LoadPlan;
import gauntlet.controller.plan.UrlTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadStartTest {
  private static final long MS = 1_000_000L;
  private static final long NOW = 1_700_000_000_000L * MS;

  @Test
  void agentsCloseByStartAfterTheMinimumDelay() {
    LoadStart start = LoadStart.agree(NOW, List.of(new ClockEstimate(0, MS), new ClockEstimate(5 * MS, 2 * MS)),
        Duration.ZERO, Duration.ofSeconds(1));

    assertThat(start.agreedUnixNanos()).isEqualTo(NOW + 300 * MS);
  }

  @Test
  void theSlowestAgentSetsTheDelayAtFourRoundTripsPlusAMargin() {
    LoadStart start = LoadStart.agree(NOW, List.of(new ClockEstimate(0, 50 * MS), new ClockEstimate(0, 200 * MS)),
        Duration.ZERO, Duration.ofSeconds(1));

    assertThat(start.agreedUnixNanos()).isEqualTo(NOW + 4 * 200 * MS + 100 * MS + 2 * 1_400_000L);
  }

  @Test
  void aThousandAgentsGetTimeForEveryStartCallToBeSent() {
    List<ClockEstimate> clocks = java.util.Collections.nCopies(1000, new ClockEstimate(0, MS / 10));

    LoadStart start = LoadStart.agree(NOW, clocks, Duration.ZERO, Duration.ofSeconds(1));

    // 4 * 0.1 ms + 100 ms, plus 1.4 ms for each of the 1,000 start calls sent one after another.
    assertThat(start.agreedUnixNanos()).isEqualTo(NOW + 4 * MS / 10 + 100 * MS + 1_400 * MS);
  }

  @Test
  void theMeasuredWindowFollowsTheWarmup() {
    LoadStart start = LoadStart.agree(NOW, List.of(), Duration.ofSeconds(2), Duration.ofSeconds(10));

    assertThat(start.measuredStartUnixNanos()).isEqualTo(start.agreedUnixNanos() + 2_000 * MS);
    assertThat(start.measuredEndUnixNanos()).isEqualTo(start.measuredStartUnixNanos() + 10_000 * MS);
  }

  @Test
  void theDeadlineCoversTheStartDelayTheLoadItsTimeoutAndAGrace() {
    LoadPlan load = new LoadPlan(List.of("a"), UrlTemplate.parse("http://{target}:3000/"), "GET", Map.of(), "", 1, 8,
        Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3), 0, Duration.ZERO, false);
    LoadStart start = LoadStart.agree(NOW, List.of(), load.warmup(), load.duration());

    assertThat(start.deadline(load, NOW + 100 * MS)).isEqualTo(Duration.ofMillis(200 + 2_000 + 10_000 + 3_000 + 30_000));
  }

  @Test
  void skewIsHowLateAnAgentStartedInMilliseconds() {
    LoadStart start = new LoadStart(NOW, NOW, NOW);

    assertThat(start.skewMillis(NOW + 1_500_000)).isEqualTo(1.5);
    assertThat(start.skewMillis(NOW - 2 * MS)).isEqualTo(-2.0);
  }
}
