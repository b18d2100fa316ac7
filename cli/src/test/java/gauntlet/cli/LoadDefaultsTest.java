package gauntlet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.core.LoadDefaults;
import org.junit.jupiter.api.Test;

class LoadDefaultsTest {

  @Test
  void theCommandLinesTimeoutTextIsTheSharedDefault() {
    assertThat(DurationConverter.parse(LoadDefaults.TIMEOUT_TEXT)).isEqualTo(LoadDefaults.TIMEOUT);
  }
}
