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

  private static List<String> shown(double... v) {
    return java.util.Arrays.stream(v).mapToObj(d -> Double.isNaN(d) ? "" : String.format("%.2f", d)).toList();
  }

  /** Single runs: each value is its own only repetition. */
  private static List<double[]> single(double... v) {
    return java.util.Arrays.stream(v).mapToObj(d -> Double.isNaN(d) ? new double[0] : new double[] {d}).toList();
  }

  private static Trophies.Award single(Trophies.Better better, double... v) {
    return Trophies.award(values(v), shown(v), single(v), better, true);
  }

  @Test
  void aSingleRunWinsOnlyBeyondTheNoiseFloorInTheRowsDirection() {
    assertThat(single(Trophies.Better.HIGHER, 1, 3, 2)).extracting(Trophies.Award::best, Trophies.Award::mark)
        .containsExactly(1, Trophies.Mark.TROPHY);
    assertThat(single(Trophies.Better.LOWER, 1, 3, 2)).extracting(Trophies.Award::best, Trophies.Award::mark)
        .containsExactly(0, Trophies.Mark.TROPHY);
    assertThat(single(Trophies.Better.NONE, 1, 3, 2).best()).isEqualTo(-1);
    // 98 % against 99 %, or 25 % ahead on one run: the best is marked within noise, no trophy.
    assertThat(single(Trophies.Better.HIGHER, 100, 125)).extracting(Trophies.Award::best, Trophies.Award::mark)
        .containsExactly(1, Trophies.Mark.WITHIN_NOISE);
  }

  @Test
  void withRepetitionsTheLeadMustBeSignificant() {
    double[] fast = {25_444, 24_910, 26_020, 25_130, 25_760};
    double[] half = {12_800, 13_420, 12_410, 13_050, 12_990};
    double[] same = {25_610, 24_700, 25_980, 25_300, 25_050};
    List<double[]> clear = List.of(fast, half);
    Trophies.Award won = Trophies.award(values(25_452, 12_934), shown(25_452, 12_934), clear, Trophies.Better.HIGHER,
        true);
    assertThat(won.mark()).isEqualTo(Trophies.Mark.TROPHY);
    assertThat(won.best()).isZero();
    assertThat(won.lead().orElseThrow().ci95().orElseThrow().lo()).isGreaterThan(1);

    Trophies.Award aa = Trophies.award(values(25_452, 25_328), shown(25_452, 25_328), List.of(fast, same),
        Trophies.Better.HIGHER, true);
    assertThat(aa.mark()).isEqualTo(Trophies.Mark.WITHIN_NOISE);
  }

  @Test
  void aTableThatMeasuredSomethingElseGetsNoMarkAtAll() {
    Trophies.Award award = Trophies.award(values(1, 3), shown(1, 3), single(1, 3), Trophies.Better.HIGHER, false);
    assertThat(award.mark()).isEqualTo(Trophies.Mark.NONE);
    Trophies.Award tie = Trophies.award(values(7.8, 7.8), shown(7.8, 7.8), single(7.8, 7.8), Trophies.Better.LOWER,
        false);
    assertThat(tie.mark()).isEqualTo(Trophies.Mark.NONE);
  }

  @Test
  void tiesAsDisplayedAndLoneContendersGetNoTrophy() {
    assertThat(Trophies.award(values(8.621, 8.624, 9), List.of("8.62 ms", "8.62 ms", "9.00 ms"),
        single(8.621, 8.624, 9), Trophies.Better.LOWER, true).mark()).isNotEqualTo(Trophies.Mark.TROPHY);
    assertThat(single(Trophies.Better.HIGHER, 5).best()).isEqualTo(-1);
    assertThat(single(Trophies.Better.HIGHER, 5, Double.NaN).best()).isEqualTo(-1);
  }
}
