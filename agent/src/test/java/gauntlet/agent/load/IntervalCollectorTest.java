package gauntlet.agent.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.core.ErrorCounts;
import gauntlet.wire.LatencyHistograms;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The collector's slow path: a loop that misses the answer window, forced by holding its parts back. */
class IntervalCollectorTest {

  /** A loop whose finished intervals the test publishes by hand. */
  private static final class HeldLoop implements IntervalCollector.Source {
    final LinkedBlockingQueue<LoopInterval> finished = new LinkedBlockingQueue<>();

    void publish(int index, long requests, ErrorCounts errors) {
      Histogram latency = LatencyHistograms.create();
      latency.recordValueWithCount(1_000, requests);
      finished.add(new LoopInterval(index, latency, null, requests, requests * 100, errors, 4));
    }

    @Override
    public LoopInterval takeFinished(long timeoutMillis) throws InterruptedException {
      return finished.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void recycle(Histogram histogram) {}
  }

  @Test
  void aLateIntervalIsCarriedIntoTheNextNotDropped() throws Exception {
    HeldLoop prompt = new HeldLoop();
    HeldLoop late = new HeldLoop();
    IntervalCollector collector = new IntervalCollector(List.of(prompt, late), false, 10);

    prompt.publish(0, 100, ErrorCounts.of(1, 0, 0, 0, 0));
    IntervalCollector.Merged first = collector.collect(0, null);
    assertThat(first.requests()).isEqualTo(100);

    late.publish(0, 70, ErrorCounts.of(0, 0, 0, 2, 0));
    prompt.publish(1, 100, ErrorCounts.NONE);
    late.publish(1, 30, ErrorCounts.of(0, 0, 0, 0, 5));
    IntervalCollector.Merged second = collector.collect(1, null);

    assertThat(second.carried()).isEqualTo(1);
    assertThat(first.requests() + second.requests()).isEqualTo(100 + 70 + 100 + 30);
    assertThat(first.errors().plus(second.errors())).isEqualTo(ErrorCounts.of(1, 0, 0, 2, 5));
    assertThat(first.latency().getTotalCount() + second.latency().getTotalCount()).isEqualTo(300);
    assertThat(second.bytes()).isEqualTo(200 * 100);
  }

  @Test
  void theLastIntervalWaitsForTheLoopsToEnd() throws Exception {
    HeldLoop prompt = new HeldLoop();
    HeldLoop late = new HeldLoop();
    IntervalCollector collector = new IntervalCollector(List.of(prompt, late), false, 10);
    prompt.publish(0, 10, ErrorCounts.NONE);

    IntervalCollector.Merged last = collector.collect(0, () -> late.publish(0, 20, ErrorCounts.NONE));

    assertThat(last.requests()).isEqualTo(30);
    assertThat(last.connectionsOpen()).isEqualTo(8);
  }

  @Test
  void aPartThatNeverComesFailsTheRun() {
    HeldLoop prompt = new HeldLoop();
    HeldLoop gone = new HeldLoop();
    IntervalCollector collector = new IntervalCollector(List.of(prompt, gone), false, 10);
    prompt.publish(0, 10, ErrorCounts.NONE);

    assertThatThrownBy(() -> collector.collect(0, () -> { }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Event loop 1 ended without handing over interval 0");
  }
}
