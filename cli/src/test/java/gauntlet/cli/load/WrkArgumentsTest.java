package gauntlet.cli.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** wrk's scan_time and scan_metric, as its users type them. */
class WrkArgumentsTest {

  @Test
  void aBareTimeIsSecondsAsInWrk() {
    assertThat(WrkArguments.time("2")).isEqualTo(Duration.ofSeconds(2));
    assertThat(WrkArguments.time("30")).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void timesTakeWrksUnitsInEitherCase() {
    assertThat(WrkArguments.time("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(WrkArguments.time("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(WrkArguments.time("1M")).isEqualTo(Duration.ofMinutes(1));
    assertThat(WrkArguments.time("1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void timesAlsoTakeThePlansGrammar() {
    assertThat(WrkArguments.time("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(WrkArguments.time("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(WrkArguments.time("1.5")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aTimeThatIsNoneSaysHowToWriteIt() {
    assertThatThrownBy(() -> WrkArguments.time("2x")).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'2x'").hasMessageContaining("2s");
    assertThatThrownBy(() -> WrkArguments.time("25h")).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'25h'");
  }

  @Test
  void countsTakeMetricSuffixesInEitherCase() {
    assertThat(WrkArguments.count("100", true)).isEqualTo(100);
    assertThat(WrkArguments.count("100k", true)).isEqualTo(100_000);
    assertThat(WrkArguments.count("100K", true)).isEqualTo(100_000);
    assertThat(WrkArguments.count("2M", true)).isEqualTo(2_000_000);
    assertThat(WrkArguments.count("1g", true)).isEqualTo(1_000_000_000);
    assertThat(WrkArguments.count("1.5k", true)).isEqualTo(1500);
    assertThat(WrkArguments.count("0.5", false)).isEqualTo(0.5);
  }

  @Test
  void aCountThatIsNoneOrNotWholeIsRefused() {
    assertThatThrownBy(() -> WrkArguments.count("ten", true)).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'ten'").hasMessageContaining("100k");
    assertThatThrownBy(() -> WrkArguments.count("1kb", true)).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> WrkArguments.count("0.5", true)).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("whole");
    assertThatThrownBy(() -> new WrkArguments.Count().convert("3G")).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'3G'");
  }
}
