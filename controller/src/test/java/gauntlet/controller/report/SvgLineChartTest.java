package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgLineChartTest {
  @Test
  void percentileAxisSpacesTheNinesEvenly() {
    assertThat(SvgLineChart.x(SvgLineChart.XScale.PERCENTILE, 0)).isEqualTo(0);
    assertThat(SvgLineChart.x(SvgLineChart.XScale.PERCENTILE, 90)).isCloseTo(1, within(1e-9));
    assertThat(SvgLineChart.x(SvgLineChart.XScale.PERCENTILE, 99)).isCloseTo(2, within(1e-9));
    assertThat(SvgLineChart.x(SvgLineChart.XScale.PERCENTILE, 99.9)).isCloseTo(3, within(1e-9));
    assertThat(SvgLineChart.x(SvgLineChart.XScale.PERCENTILE, 100)).isEqualTo(SvgLineChart.MAX_PERCENTILE_X);
    assertThat(SvgLineChart.percentileLabel(0)).isEqualTo("0%");
    assertThat(SvgLineChart.percentileLabel(1)).isEqualTo("90%");
    assertThat(SvgLineChart.percentileLabel(4)).isEqualTo("99.99%");
  }

  @Test
  void axisTopsAreRoundNumbers() {
    assertThat(SvgLineChart.niceCeiling(53_446)).isEqualTo(100_000);
    assertThat(SvgLineChart.niceCeiling(1_900)).isEqualTo(2_000);
    assertThat(SvgLineChart.niceCeiling(2_100)).isEqualTo(2_500);
    assertThat(SvgLineChart.niceCeiling(0.3)).isEqualTo(0.5);
    assertThat(SvgLineChart.niceCeiling(0)).isEqualTo(1);
  }

  @Test
  void seriesNamesAreEscaped() {
    String svg = SvgLineChart.render("t<1>", "x", "y", SvgLineChart.XScale.LINEAR,
        List.of(new SvgLineChart.Series("a&b", "#000", List.of(new double[] {0, 1}, new double[] {1, 2}))));

    assertThat(svg).contains("t&lt;1&gt;", "a&amp;b").doesNotContain("a&b");
  }
}
