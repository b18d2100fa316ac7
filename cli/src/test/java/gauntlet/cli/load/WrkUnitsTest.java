package gauntlet.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WrkUnitsTest {

  @Test
  void timesAreInTheLargestUnitTheyReach() {
    assertThat(WrkUnits.time(101.424)).isEqualTo("101.42us");
    assertThat(WrkUnits.time(999.99)).isEqualTo("999.99us");
    assertThat(WrkUnits.time(1000)).isEqualTo("1.00ms");
    assertThat(WrkUnits.time(2_670)).isEqualTo("2.67ms");
    assertThat(WrkUnits.time(1_500_000)).isEqualTo("1.50s");
    assertThat(WrkUnits.time(90_000_000)).isEqualTo("1.50m");
  }

  @Test
  void countsUseMetricSuffixes() {
    assertThat(WrkUnits.count(999)).isEqualTo("999.00");
    assertThat(WrkUnits.count(44_920)).isEqualTo("44.92k");
    assertThat(WrkUnits.count(1_200_000)).isEqualTo("1.20M");
    assertThat(WrkUnits.count(3_000_000_000.0)).isEqualTo("3.00G");
  }

  @Test
  void bytesUseBinaryMultiplesLabelledAsWrkDoes() {
    assertThat(WrkUnits.bytes(512)).isEqualTo("512.00B");
    assertThat(WrkUnits.bytes(1536)).isEqualTo("1.50KB");
    assertThat(WrkUnits.bytes(128.39 * 1024 * 1024)).isEqualTo("128.39MB");
    assertThat(WrkUnits.bytes(2.0 * 1024 * 1024 * 1024)).isEqualTo("2.00GB");
  }
}
