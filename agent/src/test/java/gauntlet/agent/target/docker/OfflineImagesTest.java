package gauntlet.agent.target.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OfflineImagesTest {

  @Test
  void theFlagReadsTrueFalseOrAuto() {
    assertThat(OfflineImages.parse("true")).isEqualTo(OfflineImages.TRUE);
    assertThat(OfflineImages.parse(" FALSE ")).isEqualTo(OfflineImages.FALSE);
    assertThat(OfflineImages.parse("auto")).isEqualTo(OfflineImages.AUTO);
    assertThat(OfflineImages.parse("")).isEqualTo(OfflineImages.AUTO);
    assertThat(OfflineImages.fromFlag(null)).isEqualTo(OfflineImages.AUTO);
    assertThat(OfflineImages.fromFlag(true)).isEqualTo(OfflineImages.TRUE);
  }

  @Test
  void anythingElseIsRefusedWithTheValue() {
    assertThatThrownBy(() -> OfflineImages.parse("sometimes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sometimes'");
  }
}
