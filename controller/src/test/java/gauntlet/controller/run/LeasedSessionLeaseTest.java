package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.v1.AgentGrpc;
import gauntlet.v1.IntervalReport;
import gauntlet.v1.LoadReport;
import gauntlet.v1.LoadSpec;
import gauntlet.v1.RunLoadRequest;
import gauntlet.v1.SessionEvent;
import gauntlet.v1.SessionMessage;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session's lease against an in-process agent that never echoes a heartbeat: its load reports
 * alone must keep it alive, as a real agent's do (it skips the echo while its streams report).
 */
class LeasedSessionLeaseTest {
  /** Heartbeats every 120 ms (a fifth). */
  private static final Duration LEASE = Duration.ofMillis(600);

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final CountDownLatch heartbeats = new CountDownLatch(10);
  private InProcessAgent agent;

  private LeasedSession open() throws Exception {
    agent = InProcessAgent.serving(new AgentGrpc.AgentImplBase() {
      @Override
      public StreamObserver<SessionMessage> session(StreamObserver<SessionEvent> events) {
        return InProcessAgent.session(events, (message, answers) -> {
          if (message.hasHeartbeat()) {
            heartbeats.countDown();
          }
        });
      }

      @Override
      public void runLoad(RunLoadRequest request, StreamObserver<LoadReport> out) {
        ServerCallStreamObserver<LoadReport> calls = (ServerCallStreamObserver<LoadReport>) out;
        ScheduledFuture<?> reports = scheduler.scheduleAtFixedRate(() -> {
          synchronized (calls) {
            if (!calls.isCancelled()) {
              calls.onNext(LoadReport.newBuilder().setInterval(IntervalReport.newBuilder().setRequests(1)).build());
            }
          }
        }, 0, 100, TimeUnit.MILLISECONDS);
        calls.setOnCancelHandler(() -> reports.cancel(false));
      }
    });
    return LeasedSession.open(agent.connection(), "run-1", "test", LEASE, scheduler);
  }

  @AfterEach
  void stop() {
    agent.close();
    scheduler.shutdownNow();
  }

  @Test
  void anAgentThatNeitherEchoesNorReportsIsLostWithinALeaseAndAHeartbeat() throws Exception {
    try (LeasedSession session = open()) {
      AgentLostException lost = session.lost().get(10, TimeUnit.SECONDS);

      assertThat(lost).hasMessageContaining("a1").hasMessageContaining("no heartbeat answer or report for");
    }
  }

  @Test
  void loadReportsKeepAnAgentThatDoesNotEchoHeartbeatsAlive() throws Exception {
    try (LeasedSession session = open()) {
      ServerStream<LoadReport> load = session.runLoad("cell", LoadSpec.getDefaultInstance(), 0, report -> { });

      // Ten heartbeats unanswered: 1.2 s, two leases.
      assertThat(heartbeats.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(session.lost()).as("reports arrived every 100 ms").isNotDone();
      load.cancel();
    }
  }
}
