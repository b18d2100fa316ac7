package gauntlet.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void readsEveryUnitAndCombinations() {
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("1h2m3s4ms")).isEqualTo(Duration.ofMillis(3_723_004));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse(" 10S ")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("0s")).isZero();
    assertThat(Durations.parse("-5s")).isEqualTo(Duration.ofSeconds(-5));
    assertThat(Durations.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(Durations.parse("1ms500us")).isEqualTo(Duration.ofNanos(1_500_000));
  }

  @Test
  void bareNumbersAreRefusedWithAHint() {
    assertThatThrownBy(() -> Durations.parse("30"))
        .hasMessage("needs a unit (h, m, s, ms or us), got '30'; did you mean '30s'?");
  }

  @Test
  void malformedAndOutOfOrderUnitsAreRefused() {
    assertThatThrownBy(() -> Durations.parse("30sec")).hasMessageStartingWith("must be a duration like");
    assertThatThrownBy(() -> Durations.parse("s")).hasMessageStartingWith("must be a duration like");
    assertThatThrownBy(() -> Durations.parse("")).hasMessageStartingWith("must be a duration like");
    assertThatThrownBy(() -> Durations.parse("30s1m")).hasMessageStartingWith("units must go from largest");
    assertThatThrownBy(() -> Durations.parse("5s5s")).hasMessageStartingWith("units must go from largest");
    assertThatThrownBy(() -> Durations.parse("25h")).hasMessage("must be at most 24h, got '25h'");
    assertThatThrownBy(() -> Durations.parse("99999999999999999999h")).hasMessageStartingWith("must be at most 24h");
  }

  @Test
  void formatsTheWayPlansWriteThem() {
    assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    for (String text : new String[] {"30s", "1m30s", "500ms", "2h5m", "1s500ms"}) {
      assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }
  }
}
