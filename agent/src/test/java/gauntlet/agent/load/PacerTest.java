package gauntlet.agent.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The open model's pacing arithmetic at rates no request should carry, but which once reached it:
 * Infinity, 1e300 and 4.9e-324 requests/second made the due instants overflow into the past, so
 * a loop (and the pacer) sent forever. Whatever the rate, due instants now never wrap, and the
 * pacer ends at the run's end.
 */
// Arithmetic that wraps makes these loops endless: the timeout turns that into a failure.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PacerTest {
  private static final long START = 1_000_000_000L;

  @ParameterizedTest
  @ValueSource(doubles = {Double.POSITIVE_INFINITY, 1e300, 1e9, 1, 1e-12, 4.9e-324, 0, Double.NaN})
  void dueInstantsNeverWrapIntoThePast(double rate) {
    DueTimes times = DueTimes.forRate(START, rate);
    long previous = Long.MIN_VALUE;
    for (long n : new long[] {0, 1, 2, 1_000, 1L << 40, Long.MAX_VALUE / 2, Long.MAX_VALUE - 1}) {
      long due = times.due(n);
      assertThat(due).as("request %d at rate %s", n, rate).isGreaterThanOrEqualTo(START)
          .isGreaterThanOrEqualTo(previous);
      previous = due;
    }
    assertThat(times.lastDueAt(START - 1)).isEqualTo(-1);
    assertThat(times.lastDueAt(START)).isZero();
    assertThat(times.lastDueAt(Long.MAX_VALUE)).isBetween(0L, Long.MAX_VALUE - 1);
    assertThat(times.periodNanos(20_000)).isPositive();
  }

  @Test
  void aLoopThatSendsEveryDueRequestStopsAtTheEndWhateverTheRate() {
    long end = START + TimeUnit.MILLISECONDS.toNanos(10);
    for (double rate : new double[] {Double.POSITIVE_INFINITY, 1e300, 4.9e-324, 1e-12}) {
      DueTimes times = DueTimes.forRate(START, rate);
      // As LoopWorker.sendDueRequests: request after request until one is due after now or after the end.
      long sent = 0;
      for (long n = 0; ; n++) {
        long due = times.due(n);
        if (due >= end) {
          break;
        }
        sent++;
      }
      assertThat(sent).as("requests due within 10 ms at rate %s", rate).isLessThanOrEqualTo(10_000_000L);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.POSITIVE_INFINITY, 1e300, 1e9, 1000, 1e-12, 4.9e-324})
  void thePacerEndsAtTheRunsEndAtAnyRate(double rate) throws Exception {
    long start = System.nanoTime();
    long end = start + TimeUnit.MILLISECONDS.toNanos(200);
    CountingLoop loop = new CountingLoop(DueTimes.forRate(start, rate));
    Pacer pacer = new Pacer(List.of(loop), start, end, "pacer-test");
    pacer.start();
    try {
      assertThat(pacer.awaitEnd(TimeUnit.SECONDS.toMillis(30)))
          .as("the pacer ended (within 30 s) after a 200 ms run at rate %s", rate).isTrue();
      assertThat(loop.wakes.get()).as("request 0 falls due at the start at any rate").isPositive();
    } finally {
      pacer.stop();
    }
  }

  private static final class CountingLoop implements PacedLoop {
    private final DueTimes times;
    private final AtomicLong wakes = new AtomicLong();

    CountingLoop(DueTimes times) {
      this.times = times;
    }

    @Override
    public DueTimes dueTimes() {
      return times;
    }

    @Override
    public void wakeForDueRequests() {
      wakes.incrementAndGet();
    }
  }
}
