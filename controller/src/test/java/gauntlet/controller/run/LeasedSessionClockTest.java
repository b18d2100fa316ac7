package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.core.WallClock;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.ClockReading;
import gauntlet.v1.SessionEvent;
import gauntlet.v1.SessionMessage;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session's clock measurement against an in-process agent whose clock runs ahead. */
class LeasedSessionClockTest {
  private static final long AHEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final AtomicInteger probesAnswered = new AtomicInteger();
  private InProcessAgent agent;

  /**
   * An agent that opens sessions and answers the first {@code answered} clock probes, then breaks
   * the stream; with {@code answered} negative it never answers one.
   */
  private LeasedSession open(int answered) throws Exception {
    agent = InProcessAgent.serving(new AgentGrpc.AgentImplBase() {
      @Override
      public StreamObserver<SessionMessage> session(StreamObserver<SessionEvent> events) {
        return InProcessAgent.session(events, (message, answers) -> {
          if (!message.hasClockProbe() || answered < 0) {
            return;
          }
          if (probesAnswered.incrementAndGet() > answered) {
            answers.onError(Status.UNAVAILABLE.withDescription("agent stopping").asRuntimeException());
            return;
          }
          answers.onNext(SessionEvent.newBuilder().setClock(ClockReading.newBuilder()
              .setSequence(message.getClockProbe().getSequence())
              .setUnixNanos(WallClock.nowUnixNanos() + AHEAD_NANOS)).build());
        });
      }
    });
    return LeasedSession.open(agent.connection(), "run-1", "test", Duration.ofSeconds(10), scheduler);
  }

  @AfterEach
  void stop() {
    agent.close();
    scheduler.shutdownNow();
  }

  @Test
  void theClockIsMeasuredOverTheSessionToWithinHalfTheBestRoundTrip() throws Exception {
    try (LeasedSession session = open(Integer.MAX_VALUE)) {
      ClockEstimate clock = session.measureClock(20).join();

      assertThat(Math.abs(clock.offsetNanos() - AHEAD_NANOS)).isLessThanOrEqualTo(clock.rttNanos() / 2 + 1);
      // In process the round trips are microseconds: the first quick ones end the measurement.
      assertThat(probesAnswered.get()).isBetween(ClockProbes.MIN, 20);
    }
  }

  @Test
  void aSessionThatBreaksWhileProbingFailsTheMeasurementNamingTheAgent() throws Exception {
    try (LeasedSession session = open(1)) {
      assertThatThrownBy(() -> session.measureClock(20).join())
          .isInstanceOf(CompletionException.class)
          .cause().isInstanceOf(RunException.class)
          .hasMessageContaining("Agent 'a1'")
          .hasMessageContaining("agent stopping");
    }
  }

  @Test
  void closingTheSessionWhileProbingFailsTheMeasurementInsteadOfLeavingItWithoutAnEstimate() throws Exception {
    LeasedSession session = open(-1);
    java.util.concurrent.CompletableFuture<ClockEstimate> clock = session.measureClock(20);

    session.close();

    assertThatThrownBy(clock::join)
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(RunException.class)
        .hasMessageContaining("Agent 'a1'")
        .hasMessageContaining("its session was closed");
  }
}
