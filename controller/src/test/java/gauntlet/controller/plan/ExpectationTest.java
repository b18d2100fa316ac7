package gauntlet.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExpectationTest {

  @Test
  void eachFigureIsParsedOnceIntoItsUnit() {
    assertThat(Expectation.parse("rps", ">= 20,000")).isEqualTo(
        new Expectation(Expectation.Figure.RPS, Expectation.Comparison.AT_LEAST, 20_000, ">= 20,000"));
    assertThat(Expectation.parse("p99", "< 25ms").threshold()).isEqualTo(25.0);
    assertThat(Expectation.parse("p50", "<=1.5ms").threshold()).isEqualTo(1.5);
    assertThat(Expectation.parse("max", "< 250us").threshold()).isEqualTo(0.25);
    assertThat(Expectation.parse("errors", "< 0.1%").threshold()).isEqualTo(0.001);
  }

  @Test
  void theComparisonDecides() {
    Expectation p99 = Expectation.parse("p99", "< 25ms");
    assertThat(p99.metBy(24.99)).isTrue();
    assertThat(p99.metBy(25)).isFalse();
    Expectation rps = Expectation.parse("rps", ">= 20000");
    assertThat(rps.metBy(20_000)).isTrue();
    assertThat(rps.metBy(19_999.9)).isFalse();
    assertThat(Expectation.parse("rps", "> 10").metBy(10)).isFalse();
    assertThat(Expectation.parse("errors", "<= 1%").metBy(0.01)).isTrue();
  }

  @Test
  void badExpressionsAreOneSentenceNamingTheValue() {
    assertThatThrownBy(() -> Expectation.parse("p99", "25ms")).hasMessage(
        "must be a comparison like \">= 20000\" or \"< 25ms\" (one of <, <=, >, >= then a duration like 25ms),"
            + " got '25ms'");
    assertThatThrownBy(() -> Expectation.parse("p99", "< 25")).hasMessageStartingWith(
        "needs a duration like 25ms after <, got '< 25'");
    assertThatThrownBy(() -> Expectation.parse("rps", ">= lots")).hasMessage(
        "needs a number of requests/second like 20000 after >=, got '>= lots'");
    assertThatThrownBy(() -> Expectation.parse("errors", "< 0.1")).hasMessageStartingWith(
        "needs a percentage like 0.1% after <, got '< 0.1'");
    assertThatThrownBy(() -> Expectation.parse("p95", "< 1ms")).hasMessageContaining("use rps, p50, p90, p99");
  }

  @Test
  void aRuntimesExpectationReplacesThePlansOnTheSameFigure() {
    Expectations expect = new Expectations(
        java.util.List.of(Expectation.parse("rps", ">= 20000"), Expectation.parse("p99", "< 25ms")),
        java.util.Map.of("node", java.util.List.of(Expectation.parse("rps", ">= 10000"))));

    assertThat(expect.forRuntime("node")).extracting(Expectation::toString)
        .containsExactly("rps >= 10000", "p99 < 25ms");
    assertThat(expect.forRuntime("go")).extracting(Expectation::toString)
        .containsExactly("rps >= 20000", "p99 < 25ms");
  }
}
