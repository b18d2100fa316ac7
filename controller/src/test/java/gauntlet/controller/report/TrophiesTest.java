package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TrophiesTest {
  private static List<OptionalDouble> values(double... v) {
    return java.util.Arrays.stream(v).mapToObj(d -> Double.isNaN(d) ? OptionalDouble.empty() : OptionalDouble.of(d))
        .toList();
  }

  @Test
  void bestValueWinsInTheRowsDirection() {
    assertThat(Trophies.winner(values(1, 3, 2), List.of("1", "3", "2"), Trophies.Better.HIGHER)).isEqualTo(1);
    assertThat(Trophies.winner(values(1, 3, 2), List.of("1", "3", "2"), Trophies.Better.LOWER)).isEqualTo(0);
    assertThat(Trophies.winner(values(1, 3, 2), List.of("1", "3", "2"), Trophies.Better.NONE)).isEqualTo(-1);
  }

  @Test
  void tiesAsDisplayedGetNoTrophy() {
    assertThat(Trophies.winner(values(8.621, 8.624, 9), List.of("8.62 ms", "8.62 ms", "9.00 ms"),
        Trophies.Better.LOWER)).isEqualTo(-1);
    assertThat(Trophies.winner(values(0, 0), List.of("0", "0"), Trophies.Better.LOWER)).isEqualTo(-1);
  }

  @Test
  void aLoneContenderGetsNoTrophy() {
    assertThat(Trophies.winner(values(5), List.of("5"), Trophies.Better.HIGHER)).isEqualTo(-1);
    assertThat(Trophies.winner(values(5, Double.NaN), List.of("5", ""), Trophies.Better.HIGHER)).isEqualTo(-1);
  }
}
