package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClockWindowTest {
  private static final long MS = 1_000_000L;

  @Test
  void theWindowGrowsWithTheRoundTripBetweenItsBounds() {
    assertThat(ClockWindow.forRoundTrip(MS / 5)).isEqualTo(ClockWindow.MIN);
    assertThat(ClockWindow.forRoundTrip(4 * MS)).isEqualTo(32);
    assertThat(ClockWindow.forRoundTrip(20 * MS)).isEqualTo(160);
    assertThat(ClockWindow.forRoundTrip(300 * MS)).isEqualTo(ClockWindow.MAX);
  }

  @Test
  void theLimitFollowsTheMedianOfRecentBestRoundTripsAndIgnoresFailures() throws Exception {
    ClockWindow window = new ClockWindow();
    assertThat(window.limit()).isEqualTo(ClockWindow.MIN);
    for (int i = 0; i < 5; i++) {
      window.enter();
    }
    window.leave(new ClockEstimate(0, 20 * MS));
    window.leave(new ClockEstimate(0, 30 * MS));
    window.leave(new ClockEstimate(0, 300 * MS));
    window.leave(null);
    assertThat(window.limit()).isEqualTo(ClockWindow.forRoundTrip(30 * MS));
  }
}
