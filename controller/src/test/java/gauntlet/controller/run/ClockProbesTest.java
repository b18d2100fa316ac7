package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ClockProbesTest {
  private static final long MS = 1_000_000L;

  /** Answers the given round trips in turn (each with its index as offset), counting the calls. */
  private static final class Probes implements Supplier<ClockEstimate> {
    private final Deque<Long> rtts;
    int calls;

    Probes(List<Long> rtts) {
      this.rtts = new ArrayDeque<>(rtts);
    }

    @Override
    public ClockEstimate get() {
      return new ClockEstimate(calls++, rtts.pop());
    }
  }

  @Test
  void threeProbesAreEnoughOnceOneRoundTripTookAMillisecondOrLess() {
    Probes probes = new Probes(List.of(3 * MS, MS / 2, 2 * MS, MS / 10, MS / 10));

    ClockEstimate best = AgentConnection.bestOf(20, probes);

    assertThat(probes.calls).isEqualTo(3);
    assertThat(best).isEqualTo(new ClockEstimate(1, MS / 2));
  }

  @Test
  void slowRoundTripsKeepProbingUntilOneIsQuick() {
    Probes late = new Probes(List.of(3 * MS, 2 * MS, 4 * MS, 5 * MS, MS, 9 * MS));
    assertThat(AgentConnection.bestOf(20, late)).isEqualTo(new ClockEstimate(4, MS));
    assertThat(late.calls).isEqualTo(5);
  }

  @Test
  void aSteadyRoundTripAboveAMillisecondStopsOnceProbesNoLongerShortenIt() {
    // A WAN: 20 ms every time, give or take a little; three probes not a tenth quicker end it.
    Probes wan = new Probes(List.of(20 * MS, 21 * MS, 19 * MS, 20 * MS, 20 * MS, 18 * MS));
    assertThat(AgentConnection.bestOf(20, wan)).isEqualTo(new ClockEstimate(2, 19 * MS));
    assertThat(wan.calls).isEqualTo(4);
  }

  @Test
  void roundTripsThatKeepShorteningAreProbedUpToTheLimit() {
    List<Long> shrinking = new java.util.ArrayList<>();
    for (long rtt = 100 * MS; shrinking.size() < 30; rtt = rtt * 8 / 10) {
      shrinking.add(Math.max(rtt, 2 * MS));
    }
    Probes probes = new Probes(shrinking);
    AgentConnection.bestOf(12, probes);
    assertThat(probes.calls).isEqualTo(12);
  }
}
