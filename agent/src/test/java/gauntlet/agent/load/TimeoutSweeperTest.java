package gauntlet.agent.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimeoutSweeperTest {

  @Test
  void everyLoopIsAskedToSweepEachPeriodUntilClosed() throws InterruptedException {
    CountDownLatch threeSweepsEach = new CountDownLatch(6);
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    TimeoutSweeper.SweptLoop a = () -> {
      first.incrementAndGet();
      threeSweepsEach.countDown();
    };
    TimeoutSweeper.SweptLoop b = () -> {
      second.incrementAndGet();
      threeSweepsEach.countDown();
    };
    TimeoutSweeper sweeper = new TimeoutSweeper(List.of(a, b), TimeUnit.MILLISECONDS.toNanos(5), "test-timeouts");
    sweeper.start();
    assertThat(threeSweepsEach.await(10, TimeUnit.SECONDS)).isTrue();
    sweeper.close();
    int afterClose = first.get() + second.get();
    Thread.sleep(30);
    assertThat(first.get() + second.get()).as("no sweep once closed").isEqualTo(afterClose);
    assertThat(Math.abs(first.get() - second.get())).as("both loops each period").isLessThanOrEqualTo(1);
  }

  @Test
  void periodIsATenthOfTheTimeoutWithinFiveToAHundredMilliseconds() {
    assertThat(TimeoutSweeper.periodFor(TimeUnit.SECONDS.toNanos(2))).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(TimeoutSweeper.periodFor(TimeUnit.MILLISECONDS.toNanos(500))).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(TimeoutSweeper.periodFor(TimeUnit.MILLISECONDS.toNanos(10))).isEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
  }
}
