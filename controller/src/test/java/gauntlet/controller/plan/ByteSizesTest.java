package gauntlet.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizesTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void unitsAre1024BasedLikeDockers() {
    assertThat(ByteSizes.parse("512m")).isEqualTo(512 * MIB);
    assertThat(ByteSizes.parse("512M")).isEqualTo(512 * MIB);
    assertThat(ByteSizes.parse("512MiB")).isEqualTo(512 * MIB);
    assertThat(ByteSizes.parse("512mb")).isEqualTo(512 * MIB);
    assertThat(ByteSizes.parse("1g")).isEqualTo(1024 * MIB);
    assertThat(ByteSizes.parse("1.5g")).isEqualTo(1536 * MIB);
    assertThat(ByteSizes.parse("64k")).isEqualTo(64 * 1024);
    assertThat(ByteSizes.parse("1048576")).isEqualTo(MIB);
    assertThat(ByteSizes.parse("100b")).isEqualTo(100);
  }

  @Test
  void malformedNegativeAndHugeSizesAreRefused() {
    assertThatThrownBy(() -> ByteSizes.parse("-1m")).hasMessage("must not be negative, got '-1m'");
    assertThatThrownBy(() -> ByteSizes.parse("lots")).hasMessageStartingWith("must be a size like 512m");
    assertThatThrownBy(() -> ByteSizes.parse("5x")).hasMessageStartingWith("must be a size like 512m");
    assertThatThrownBy(() -> ByteSizes.parse("99999t")).hasMessage("must be at most 1 PiB, got '99999t'");
  }

  @Test
  void formatsWithBinaryUnits() {
    assertThat(ByteSizes.format(512 * MIB)).isEqualTo("512 MiB");
    assertThat(ByteSizes.format(1536 * MIB)).isEqualTo("1.5 GiB");
    assertThat(ByteSizes.format(900)).isEqualTo("900 B");
    assertThat(ByteSizes.format(47_500_000)).isEqualTo("45.3 MiB");
  }
}
