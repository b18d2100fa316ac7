package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected strings are wrk 4.2's output for the same values (units.c, format_units with 0.85). */
class WrkUnitsTest {

  @Test
  void timesSwitchUnitFrom085OfTheNext() {
    assertThat(WrkUnits.time(101.424)).isEqualTo("101.42us");
    assertThat(WrkUnits.time(849)).isEqualTo("849.00us");
    assertThat(WrkUnits.time(850)).isEqualTo("0.85ms");
    assertThat(WrkUnits.time(999.99)).isEqualTo("1.00ms");
    assertThat(WrkUnits.time(2_670)).isEqualTo("2.67ms");
    assertThat(WrkUnits.time(900_000)).isEqualTo("0.90s");
    assertThat(WrkUnits.time(1_500_000)).isEqualTo("1.50s");
    assertThat(WrkUnits.time(55_000_000)).isEqualTo("0.92m");
    assertThat(WrkUnits.time(90_000_000)).isEqualTo("1.50m");
  }

  @Test
  void countsUseMetricSuffixes() {
    assertThat(WrkUnits.count(849)).isEqualTo("849.00");
    assertThat(WrkUnits.count(999)).isEqualTo("1.00k");
    assertThat(WrkUnits.count(44_920)).isEqualTo("44.92k");
    assertThat(WrkUnits.count(1_200_000)).isEqualTo("1.20M");
    assertThat(WrkUnits.count(3_000_000_000.0)).isEqualTo("3.00G");
  }

  @Test
  void bytesUseBinaryMultiplesLabelledAsWrkDoes() {
    assertThat(WrkUnits.bytes(512)).isEqualTo("512.00B");
    assertThat(WrkUnits.bytes(1000)).isEqualTo("0.98KB");
    assertThat(WrkUnits.bytes(1536)).isEqualTo("1.50KB");
    assertThat(WrkUnits.bytes(128.39 * 1024 * 1024)).isEqualTo("128.39MB");
    assertThat(WrkUnits.bytes(2.0 * 1024 * 1024 * 1024)).isEqualTo("2.00GB");
  }
}
