package gauntlet.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class ClockPairTest {

  @Test
  void aPauseBetweenTheReadingsIsReadAgainAndTheTightPairKept() {
    // First attempt: 5 ms pass between the monotonic readings around the wall clock's.
    LongSupplier monotonic = queue(1_000_000L, 6_000_000L, 10_000_000L, 10_002_000L);
    LongSupplier wall = queue(500_000_000L, 504_001_000L);

    ClockPair pair = ClockPair.read(monotonic, wall);

    assertThat(pair).isEqualTo(new ClockPair(504_001_000L, 10_001_000L));
  }

  @Test
  void aTightFirstReadingIsTakenAsItIs() {
    ClockPair pair = ClockPair.read(queue(100L, 300L), queue(7_000L));

    assertThat(pair).isEqualTo(new ClockPair(7_000L, 200L));
  }

  @Test
  void theClocksNowAgreeWithTheirOwnReadings() {
    long before = System.nanoTime();
    long wallBefore = WallClock.nowUnixNanos();
    ClockPair pair = ClockPair.now();
    long wallAfter = WallClock.nowUnixNanos();
    long after = System.nanoTime();

    assertThat(pair.monotonicNanos()).isBetween(before, after);
    assertThat(pair.unixNanos()).isBetween(wallBefore, wallAfter);
  }

  private static LongSupplier queue(Long... values) {
    ArrayDeque<Long> left = new ArrayDeque<>(List.of(values));
    return left::removeFirst;
  }
}
