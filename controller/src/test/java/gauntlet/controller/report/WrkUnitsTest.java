package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected strings are wrk's output for the same values (units.c, format_units with 0.85). */
class WrkUnitsTest {

  @Test
  void timesSwitchUnitFrom085OfTheNext() {
    assertThat(WrkUnits.time(101.424)).isEqualTo("101.42us");
    assertThat(WrkUnits.time(849)).isEqualTo("849.00us");
    assertThat(WrkUnits.time(850)).isEqualTo("0.85ms");
    assertThat(WrkUnits.time(999.99)).isEqualTo("1.00ms");
    assertThat(WrkUnits.time(2_670)).isEqualTo("2.67ms");
    // wrk never reaches the last unit of a list: under one second stays in ms, hours in minutes.
    assertThat(WrkUnits.time(900_000)).isEqualTo("900.00ms");
    assertThat(WrkUnits.time(999_999)).isEqualTo("1000.00ms");
    assertThat(WrkUnits.time(1_000_000)).isEqualTo("1.00s");
    assertThat(WrkUnits.time(1_500_000)).isEqualTo("1.50s");
    assertThat(WrkUnits.time(55_000_000)).isEqualTo("0.92m");
    assertThat(WrkUnits.time(90_000_000)).isEqualTo("1.50m");
    assertThat(WrkUnits.time(7_200_000_000.0)).isEqualTo("120.00m");
  }

  @Test
  void theRunningHeaderShowsWholeSecondsAndSwitchesToMinutesFrom51s() {
    assertThat(WrkUnits.wholeSeconds(2)).isEqualTo("2s");
    assertThat(WrkUnits.wholeSeconds(50)).isEqualTo("50s");
    assertThat(WrkUnits.wholeSeconds(55)).isEqualTo("1m");
    assertThat(WrkUnits.wholeSeconds(120)).isEqualTo("2m");
    assertThat(WrkUnits.wholeSeconds(7200)).isEqualTo("120m");
  }

  @Test
  void columnsAlignTheDigitsAndLetTheUnitHang() {
    assertThat(WrkUnits.column("120.71us", 8)).isEqualTo("120.71us");
    assertThat(WrkUnits.column("5.44ms", 9)).isEqualTo("   5.44ms");
    assertThat(WrkUnits.column("1.20s", 9)).isEqualTo("   1.20s ");
    assertThat(WrkUnits.column("79.70k", 8)).isEqualTo(" 79.70k ");
    assertThat(WrkUnits.column("849.00", 10)).isEqualTo("  849.00  ");
  }

  @Test
  void countsUseMetricSuffixes() {
    assertThat(WrkUnits.count(849)).isEqualTo("849.00");
    assertThat(WrkUnits.count(999)).isEqualTo("1.00k");
    assertThat(WrkUnits.count(44_920)).isEqualTo("44.92k");
    assertThat(WrkUnits.count(1_200_000)).isEqualTo("1.20M");
    assertThat(WrkUnits.count(3_000_000_000.0)).isEqualTo("3.00G");
    assertThat(WrkUnits.count(5e15)).isEqualTo("5000.00T");
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
