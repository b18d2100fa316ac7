package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.core.ClockPair;
import org.junit.jupiter.api.Test;

class ClockEstimateTest {

  @Test
  void aProbesOffsetIsTheAgentsClockLessTheMidpointOfItsRoundTrip() {
    // Sent at wall 1,000,000 (monotonic 50), answered with the agent's 1,300,000, read at monotonic 250.
    ClockEstimate estimate = ClockEstimate.ofProbe(new ClockPair(1_000_000, 50), 1_300_000, 250);

    assertThat(estimate).isEqualTo(new ClockEstimate(1_300_000 - (1_000_000 + 100), 200));
  }
}
