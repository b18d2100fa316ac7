package gauntlet.agent.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.load.TestHttpServer;
import gauntlet.agent.security.AgentSecurity;
import gauntlet.agent.security.TestAgents;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.LoadReport;
import gauntlet.v1.LoadSpec;
import gauntlet.v1.RunLoadRequest;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A load request's rate cannot make the agent spin: rates that are not finite, too large or too
 * small are refused on the wire, and whatever a run's rate, the end of its session stops its load
 * threads. (Before the fix, rate Infinity, 1e300 or 4.9e-324 left an event loop at 100 % CPU forever.)
 */
// A spinning event loop never lets the session close: the timeout turns that hang into a failure.
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RunawayRateIT {
  private static final AgentLimitsConfig LIMITS = AgentLimitsConfig.DEFAULT;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @TempDir
  Path work;

  @ParameterizedTest
  @ValueSource(doubles = {Double.POSITIVE_INFINITY, 1e300, 4.9e-324, Double.NaN, -1})
  void aRateThatIsNotFiniteOrOutOfRangeIsRefusedAndLeavesNoLoadThread(double rate) throws Exception {
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.immediate())) {
      AgentServer agent = TestAgents.start(TestAgents.uniqueName("rate-it"), "127.0.0.1", work, AgentSecurity.NONE,
          LIMITS);
      // Its background JIT warm-up runs the load engine too: let it end before counting load threads.
      agent.awaitJitWarmUp();
      earlier = java.util.Set.copyOf(allLoadThreads());
      ManagedChannel channel = TestAgents.channel("127.0.0.1", agent.port(), InsecureChannelCredentials.create());
      StatusRuntimeException refused;
      try {
        TestAgents.OpenedSession session = TestAgents.openSession(AgentGrpc.newStub(channel), "rate");
        RunLoadRequest request = RunLoadRequest.newBuilder().setSessionId(session.id()).setCellId("c")
            .setSpec(LoadSpec.newBuilder().setUrl(server.url().toString()).setThreads(1).setConnections(2)
                .setDurationMs(60_000).setRate(rate)).build();
        refused = catchThrowableOfType(StatusRuntimeException.class, () -> {
          Iterator<LoadReport> reports = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
              .runLoad(request);
          while (reports.hasNext()) {
            reports.next();
          }
        });
        session.requests().onCompleted();
        awaitNoLoadThreads(Duration.ofSeconds(10));
        long cpuNanos = loadThreadCpuNanos(Duration.ofSeconds(1));
        System.out.printf("rate %s: load threads left %d, their CPU over 1 s after the session ended: %.0f %%%n",
            rate, loadThreads().size(), cpuNanos / 1e7);
        assertThat(loadThreads()).as("load threads after the session ended").isEmpty();
      } finally {
        TestAgents.close(channel);
        agent.close();
      }
      assertThat(refused).as("a request with rate " + rate + " is refused").isNotNull();
      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(refused.getStatus().getDescription()).startsWith("rate ").contains("--max-rate")
          .doesNotContain("\n").endsWith(")");
    }
  }

  @Test
  void theEndOfASessionStopsItsLoadThreadsAtTheHighestRateAccepted() throws Exception {
    // The server never answers: every request falls due into a backlog, the hardest case for pacing.
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.silent())) {
      AgentServer agent = TestAgents.start(TestAgents.uniqueName("rate-it"), "127.0.0.1", work, AgentSecurity.NONE,
          LIMITS);
      // Its background JIT warm-up runs the load engine too: let it end before counting load threads.
      agent.awaitJitWarmUp();
      earlier = java.util.Set.copyOf(allLoadThreads());
      ManagedChannel channel = TestAgents.channel("127.0.0.1", agent.port(), InsecureChannelCredentials.create());
      try {
        TestAgents.OpenedSession session = TestAgents.openSession(AgentGrpc.newStub(channel), "rate");
        RunLoadRequest request = RunLoadRequest.newBuilder().setSessionId(session.id()).setCellId("c")
            .setSpec(LoadSpec.newBuilder().setUrl(server.url().toString()).setThreads(2).setConnections(4)
                .setDurationMs(600_000).setRate(LIMITS.maxRate())).build();
        Iterator<LoadReport> reports = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
            .runLoad(request);
        assertThat(reports.next().hasStarted()).isTrue();
        assertThat(reports.next().hasInterval()).as("a second of load at the highest rate").isTrue();
        assertThat(loadThreads()).as("load threads while it runs").isNotEmpty();

        session.requests().onCompleted();
        awaitNoLoadThreads(Duration.ofSeconds(20));
        assertThat(loadThreads()).as("load threads after the session ended").isEmpty();
      } finally {
        TestAgents.close(channel);
        agent.close();
      }
    }
  }

  /** Load threads alive before the test began (the agent's JIT warm-up, earlier tests): not this test's. */
  private java.util.Set<Thread> earlier = java.util.Set.of();

  /** The load engine's threads this test started: event loops, collector and pacer of its runs. */
  private List<Thread> loadThreads() {
    return allLoadThreads().stream().filter(t -> !earlier.contains(t)).toList();
  }

  private static List<Thread> allLoadThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("gauntlet-load")).toList();
  }

  /** Polls until the load threads are gone, or {@code patience} has passed. */
  private void awaitNoLoadThreads(Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    List<Thread> left = loadThreads();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      left.get(0).join(100);
      left = loadThreads();
    }
  }

  private long loadThreadCpuNanos(Duration over) throws InterruptedException {
    long[] ids = loadThreads().stream().mapToLong(Thread::getId).toArray();
    long before = Arrays.stream(ids).map(THREADS::getThreadCpuTime).filter(t -> t > 0).sum();
    Thread.sleep(over.toMillis()); // a measurement window, not synchronisation
    long after = Arrays.stream(ids).map(THREADS::getThreadCpuTime).filter(t -> t > 0).sum();
    return after - before;
  }
}
