package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.core.ErrorCounts;
import gauntlet.core.IntervalSnapshot;
import gauntlet.v1.LoadReport;
import gauntlet.v1.LoadSpec;
import gauntlet.v1.LoadStarted;
import gauntlet.wire.LatencyHistograms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadStreamsTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long AGREED = 1_700_000_000L * SECOND;
  private static final LoadStart START = new LoadStart(AGREED, AGREED + SECOND, AGREED + 11 * SECOND);
  private static final ClockEstimate AHEAD = new ClockEstimate(3 * SECOND, 1_000_000);
  private static final ClockEstimate BEHIND = new ClockEstimate(-2 * SECOND, 1_000_000);

  /** Agents' calls as a fake: each stream and its report consumer, by agent. */
  private static final class FakeAgents implements LoadStreams.Opener {
    final Map<String, ServerStream<LoadReport>> streams = new LinkedHashMap<>();
    final Map<String, Long> startAgentNanos = new LinkedHashMap<>();
    String refuse;

    @Override
    public ServerStream<LoadReport> open(String agent, LoadSpec spec, long start, Consumer<LoadReport> onReport) {
      if (agent.equals(refuse)) {
        throw new RunException("agent '" + agent + "' refused the load");
      }
      ServerStream<LoadReport> stream = new ServerStream<>(onReport);
      streams.put(agent, stream);
      startAgentNanos.put(agent, start);
      return stream;
    }
  }

  private static List<LoadStreams.Loader> loaders() {
    return List.of(new LoadStreams.Loader("a", AHEAD, LoadSpec.getDefaultInstance()),
        new LoadStreams.Loader("b", BEHIND, LoadSpec.getDefaultInstance()));
  }

  @Test
  void everyAgentIsToldTheAgreedInstantOnItsOwnClock() {
    FakeAgents fake = new FakeAgents();
    LoadMerger merger = new LoadMerger(List.of("a", "b"), Duration.ofSeconds(1), START.measuredStartUnixNanos());

    try (LoadStreams streams = LoadStreams.open(loaders(), START, merger, i -> { }, fake)) {
      assertThat(fake.startAgentNanos).containsExactly(Map.entry("a", AGREED + 3 * SECOND), Map.entry("b", AGREED - 2 * SECOND));
    }
  }

  @Test
  void startsAndMeasuredIntervalsReachTheMergerOnTheControllersClock() {
    FakeAgents fake = new FakeAgents();
    LoadMerger merger = new LoadMerger(List.of("a", "b"), Duration.ofSeconds(1), START.measuredStartUnixNanos());
    List<Progress.Interval> shown = new ArrayList<>();

    try (LoadStreams streams = LoadStreams.open(loaders(), START, merger, shown::add, fake)) {
      fake.streams.get("a").onNext(started(AHEAD.toAgent(AGREED + 4_000_000)));
      fake.streams.get("a").onNext(interval(AHEAD.toAgent(AGREED), 5, true));
      fake.streams.get("a").onNext(interval(AHEAD.toAgent(AGREED + SECOND), 7, false));
      fake.streams.get("b").onNext(interval(BEHIND.toAgent(AGREED + SECOND), 11, false));
      fake.streams.values().forEach(ServerStream::onCompleted);

      assertThat(streams.allDone()).isCompleted();
      assertThat(streams.failure()).isEmpty();
    }
    LoadMerger.Merged merged = merger.result();
    assertThat(merged.requests()).isEqualTo(18);
    assertThat(merged.agents().get("a").started).isTrue();
    assertThat(merged.agents().get("a").startedControllerNanos).isEqualTo(AGREED + 4_000_000);
    assertThat(merged.agents().get("b").started).isFalse();
    assertThat(merged.seconds()).hasSize(1);
    assertThat(shown).extracting(Progress.Interval::requests).containsExactly(7L, 11L);
  }

  @Test
  void aFailedStreamIsNamedWithItsCause() {
    FakeAgents fake = new FakeAgents();
    LoadMerger merger = new LoadMerger(List.of("a", "b"), Duration.ofSeconds(1), START.measuredStartUnixNanos());
    IllegalStateException cause = new IllegalStateException("connection reset");

    try (LoadStreams streams = LoadStreams.open(loaders(), START, merger, i -> { }, fake)) {
      fake.streams.get("a").onCompleted();
      fake.streams.get("b").onError(cause);

      assertThat(streams.allDone()).isCompletedExceptionally();
      assertThat(streams.failure()).contains(new LoadStreams.Failure("b", cause));
    }
  }

  @Test
  void closingCancelsEveryStreamSoTheirEndsAreNotFailures() {
    FakeAgents fake = new FakeAgents();
    LoadMerger merger = new LoadMerger(List.of("a", "b"), Duration.ofSeconds(1), START.measuredStartUnixNanos());

    LoadStreams streams = LoadStreams.open(loaders(), START, merger, i -> { }, fake);
    streams.close();
    // After a cancel, the call ends with an error; the stream must count that as its normal end.
    fake.streams.values().forEach(s -> s.onError(new IllegalStateException("CANCELLED")));

    assertThat(streams.allDone()).isCompleted().isNotCompletedExceptionally();
  }

  @Test
  void whenAnAgentRefusesTheStreamsAlreadyOpenAreCancelled() {
    FakeAgents fake = new FakeAgents();
    fake.refuse = "b";
    LoadMerger merger = new LoadMerger(List.of("a", "b"), Duration.ofSeconds(1), START.measuredStartUnixNanos());

    assertThatThrownBy(() -> LoadStreams.open(loaders(), START, merger, i -> { }, fake))
        .isInstanceOf(RunException.class).hasMessageContaining("'b'");
    fake.streams.get("a").onError(new IllegalStateException("CANCELLED"));
    assertThat(fake.streams.get("a").done()).isNotCompletedExceptionally();
  }

  private static LoadReport started(long agentNanos) {
    return LoadReport.newBuilder().setStarted(LoadStarted.newBuilder().setStartedUnixNanos(agentNanos)).build();
  }

  private static LoadReport interval(long startAgentNanos, long requests, boolean warmup) {
    Histogram h = LatencyHistograms.create();
    for (int i = 0; i < requests; i++) {
      h.recordValue(100 + i);
    }
    return LoadReport.newBuilder().setInterval(new IntervalSnapshot(startAgentNanos, startAgentNanos + SECOND, warmup,
        requests, requests * 150, ErrorCounts.NONE, h, null, 10, 0).toWire(50)).build();
  }
}
