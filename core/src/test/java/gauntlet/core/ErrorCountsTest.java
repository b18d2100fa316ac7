package gauntlet.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ErrorCountsTest {

  @Test
  void everyClassSurvivesTheWireInItsOwnField() {
    for (ErrorClass c : ErrorClass.ALL) {
      ErrorTally tally = new ErrorTally();
      tally.add(c);
      tally.add(c);
      ErrorCounts counts = tally.counts();
      ErrorCounts back = ErrorCounts.fromWire(counts.toWire());
      assertThat(back).isEqualTo(counts);
      assertThat(back.get(c)).isEqualTo(2);
      assertThat(back.total()).isEqualTo(2);
    }
  }

  @Test
  void wireFieldsAreTheClassesOfTheSameName() throws Exception {
    gauntlet.v1.ErrorCounts wire = ErrorCounts.of(1, 2, 3, 4, 5).toWire();
    assertThat(wire.getConnect()).isEqualTo(1);
    assertThat(wire.getRead()).isEqualTo(2);
    assertThat(wire.getWrite()).isEqualTo(3);
    assertThat(wire.getTimeout()).isEqualTo(4);
    assertThat(wire.getStatus()).isEqualTo(5);
    assertThat(gauntlet.v1.ErrorCounts.getDescriptor().getFields())
        .extracting(f -> f.getName())
        .containsExactlyElementsOf(ErrorClass.ALL.stream().map(ErrorClass::key).toList());
  }

  @Test
  void plusAndTotalsAddPerClass() {
    ErrorCounts sum = ErrorCounts.of(1, 2, 3, 4, 5).plus(ErrorCounts.of(10, 0, 0, 60, 1));
    assertThat(sum).isEqualTo(ErrorCounts.of(11, 2, 3, 64, 6));
    assertThat(sum.total()).isEqualTo(86);
    assertThat(sum.socketTotal()).isEqualTo(80);
  }

  @Test
  void countsWithoutFailuresAreNoneAndAddingThemMakesNothingNew() {
    ErrorCounts some = ErrorCounts.of(0, 0, 0, 7, 0);
    assertThat(ErrorCounts.fromWire(gauntlet.v1.ErrorCounts.getDefaultInstance())).isSameAs(ErrorCounts.NONE);
    assertThat(ErrorCounts.fromWire(ErrorCounts.of(0, 0, 0, 0, 0).toWire())).isSameAs(ErrorCounts.NONE);
    assertThat(some.plus(ErrorCounts.NONE)).isSameAs(some);
    assertThat(ErrorCounts.NONE.plus(some)).isSameAs(some);
    assertThat(some.plus(ErrorCounts.of(0, 0, 0, 0, 0))).isSameAs(some);
    assertThat(some.plus(some)).isEqualTo(ErrorCounts.of(0, 0, 0, 14, 0));
    assertThat(some).isEqualTo(ErrorCounts.of(0, 0, 0, 7, 0));
    assertThat(ErrorCounts.NONE.isZero()).isTrue();
    assertThat(some.isZero()).isFalse();
  }

  @Test
  void drainHandsOverAndStartsFromZero() {
    ErrorTally tally = new ErrorTally();
    tally.add(ErrorClass.TIMEOUT);
    tally.add(ErrorCounts.of(0, 1, 0, 0, 0));
    assertThat(tally.drain()).isEqualTo(ErrorCounts.of(0, 1, 0, 1, 0));
    assertThat(tally.counts()).isEqualTo(ErrorCounts.NONE);
  }

  @Test
  void aCountPerClassIsRequired() {
    assertThatThrownBy(() -> ErrorCounts.of(1, 2)).hasMessageContaining("expected 5 counts");
  }

  @Test
  void failedStatusesAreThoseOutside200To399() {
    assertThat(ErrorClass.isFailedStatus(200)).isFalse();
    assertThat(ErrorClass.isFailedStatus(302)).isFalse();
    assertThat(ErrorClass.isFailedStatus(399)).isFalse();
    assertThat(ErrorClass.isFailedStatus(404)).isTrue();
    assertThat(ErrorClass.isFailedStatus(503)).isTrue();
    assertThat(ErrorClass.isFailedStatus(101)).isTrue();
  }
}
