package gauntlet.agent.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gauntlet.core.ErrorCounts;
import gauntlet.core.IntervalSnapshot;
import gauntlet.core.LoadTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every transport this platform has carries a real load against a real loopback server: each
 * response counted once with its bytes, and the run records the transport that ran.
 */
class LoadTransportsIT {
  private static final int CONNECTIONS = 8;

  /** Keeps the started transport and the substitution note, besides the intervals. */
  private static final class Listener implements LoadListener {
    final List<IntervalSnapshot> intervals = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    String transport;

    @Override
    public synchronized void transportNote(String note) {
      notes.add(note);
    }

    @Override
    public synchronized void started(long startedUnixNanos, String transport) {
      this.transport = transport;
    }

    @Override
    public synchronized void interval(IntervalSnapshot snapshot) {
      intervals.add(snapshot);
    }
  }

  @ParameterizedTest
  @EnumSource(value = LoadTransport.class, names = {"IO_URING", "EPOLL", "NIO"})
  void aShortLoadOnEachAvailableTransportCountsEveryResponseAndRecordsItsTransport(LoadTransport kind) {
    Optional<String> missing = new NettyTransports().unavailable(kind);
    assumeTrue(missing.isEmpty(), () -> kind + " is not available here: " + missing.orElse(""));
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.immediate()); LoadEngine engine = new LoadEngine()) {
      Listener result = run(engine, options(server, kind));

      assertThat(result.transport).isEqualTo(kind.text());
      assertThat(result.notes).isEmpty();
      assertCountedExactly(result, server);
    }
  }

  @Test
  void ioUringMissingFallsBackToEpollWithANoteAndRecordsEpoll() {
    NettyTransports netty = new NettyTransports();
    assumeTrue(netty.unavailable(LoadTransport.EPOLL).isEmpty(), "epoll is not available here");
    TransportPlatform seccompBlocked = new TransportPlatform() {
      @Override
      public Optional<String> unavailable(LoadTransport kind) {
        return kind == LoadTransport.IO_URING ? Optional.of("io_uring_setup: Operation not permitted")
            : netty.unavailable(kind);
      }

      @Override
      public Transport open(LoadTransport kind) {
        return netty.open(kind);
      }
    };
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.immediate());
        LoadEngine engine = new LoadEngine(seccompBlocked, false)) {
      assertThat(engine.transportFor(LoadTransport.IO_URING).running()).isEqualTo(LoadTransport.EPOLL);

      Listener result = run(engine, options(server, LoadTransport.IO_URING));

      assertThat(result.transport).isEqualTo("epoll");
      assertThat(result.notes).containsExactly("transport io_uring is not available here"
          + " (io_uring_setup: Operation not permitted); running on epoll");
      assertCountedExactly(result, server);
    }
  }

  private static LoadOptions options(TestHttpServer server, LoadTransport kind) {
    // A warm-up second first: a cold JVM on a busy machine may take most of a second to connect.
    return new LoadOptions(server.url(), "GET", Map.of(), new byte[0], 2, CONNECTIONS, Duration.ofMillis(1500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), 0, Duration.ofMillis(500), kind);
  }

  private static Listener run(LoadEngine engine, LoadOptions options) {
    Listener listener = new Listener();
    engine.start(options, 0, listener).completion().orTimeout(30, TimeUnit.SECONDS).join();
    return listener;
  }

  private static void assertCountedExactly(Listener result, TestHttpServer server) {
    long requests = result.intervals.stream().mapToLong(IntervalSnapshot::requests).sum();
    long measured = result.intervals.stream().filter(i -> !i.warmup()).mapToLong(IntervalSnapshot::requests).sum();
    assertThat(result.intervals).hasSize(5);
    assertThat(result.intervals.stream().filter(i -> !i.warmup())).hasSize(3);
    for (IntervalSnapshot interval : result.intervals) {
      assertThat(interval.latency().getTotalCount()).isEqualTo(interval.requests());
      assertThat(interval.bytes()).isEqualTo(interval.requests() * TestHttpServer.OK.length);
    }
    assertThat(measured).isPositive();
    assertThat(result.intervals.stream().map(IntervalSnapshot::errors).reduce(ErrorCounts.NONE, ErrorCounts::plus))
        .isEqualTo(ErrorCounts.NONE);
    // The server answered at most what was asked, and the engine counted at most what was answered.
    assertThat(requests).isLessThanOrEqualTo(server.requests());
    assertThat(server.connectionsAccepted()).isEqualTo(CONNECTIONS);
  }
}
