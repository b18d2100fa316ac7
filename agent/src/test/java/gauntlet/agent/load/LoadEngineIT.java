package gauntlet.agent.load;

import gauntlet.core.ErrorClass;

import gauntlet.core.IntervalSnapshot;

import gauntlet.core.WallClock;

import gauntlet.core.ErrorCounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoadEngineIT {
  private static final LoadEngine engine = new LoadEngine();

  @BeforeAll
  static void warmTheJit() {
    // As the agent does at start-up: timing tests measure the compiled request path.
    engine.warmUp(LoadOptions.closed(URI.create("http://127.0.0.1/"), 1, 16, Duration.ofSeconds(1)),
        Duration.ofSeconds(2), Duration.ofSeconds(10));
  }

  @AfterAll
  static void tearDown() {
    engine.close();
  }

  private static LoadOptions options(URI url, int threads, int connections, Duration duration, Duration warmup,
      Duration timeout, double rate) {
    return new LoadOptions(url, "GET", Map.of(), new byte[0], threads, connections, duration, warmup, timeout, rate,
        Duration.ofSeconds(1));
  }

  private static RecordingListener run(LoadOptions options) {
    RecordingListener listener = new RecordingListener();
    engine.start(options, 0, listener).completion().orTimeout(options.duration().plus(options.warmup())
        .plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS).join();
    return listener;
  }

  @Test
  void closedModelRecordsEveryResponseOnceAndCountsItsBytesExactly() {
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.immediate())) {
      RecordingListener result = run(options(server.url(), 2, 8, Duration.ofMillis(2500), Duration.ZERO,
          Duration.ofSeconds(2), 0));

      assertThat(result.transport).isEqualTo(engine.transport());
      assertThat(result.all()).hasSize(3).noneMatch(IntervalSnapshot::warmup);
      for (IntervalSnapshot interval : result.all()) {
        assertThat(interval.latency().getTotalCount()).isEqualTo(interval.requests());
        assertThat(interval.bytes()).isEqualTo(interval.requests() * TestHttpServer.OK.length);
        assertThat(interval.serviceTime()).isNull();
      }
      assertThat(result.all().get(2).endUnixNanos() - result.all().get(2).startUnixNanos())
          .as("the last interval is cut at the end").isBetween(400_000_000L, 600_000_000L);
      assertThat(result.requests()).isGreaterThan(1000);
      assertThat(result.errors()).isEqualTo(ErrorCounts.NONE);
      // The server answered at most what was asked, and the engine counted at most what was answered.
      assertThat(result.requests()).isLessThanOrEqualTo(server.requests());
      assertThat(server.connectionsAccepted()).isEqualTo(8);
    }
  }

  @Test
  void warmupIsReportedApartAndCutExactlyWhereMeasuringStarts() {
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.immediate())) {
      RecordingListener result = run(options(server.url(), 1, 4, Duration.ofMillis(2000), Duration.ofMillis(1500),
          Duration.ofSeconds(2), 0));

      List<IntervalSnapshot> all = result.all();
      assertThat(all).extracting(IntervalSnapshot::warmup).containsExactly(true, true, false, false);
      long start = all.get(0).startUnixNanos();
      assertThat(all.get(1).endUnixNanos() - start).isEqualTo(1_500_000_000L);
      assertThat(all.get(2).startUnixNanos()).isEqualTo(all.get(1).endUnixNanos());
      assertThat(all.get(3).endUnixNanos() - start).isEqualTo(3_500_000_000L);
    }
  }

  @Test
  void latencyOfAServerAnsweringAfterTenMillisecondsIsMeasuredWithinHalfAMillisecond() {
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.fixedDelay(10))) {
      RecordingListener result = run(options(server.url(), 1, 4, Duration.ofSeconds(3), Duration.ofMillis(500),
          Duration.ofSeconds(2), 0));

      Histogram latency = result.latency();
      System.out.printf("fixed 10 ms server: p50 %.3f ms, min %.3f ms, p99 %.3f ms over %d requests%n",
          latency.getValueAtPercentile(50) / 1000.0, latency.getMinValue() / 1000.0,
          latency.getValueAtPercentile(99) / 1000.0, latency.getTotalCount());
      assertThat(latency.getTotalCount()).isGreaterThan(500);
      assertThat(latency.getValueAtPercentile(50) / 1000.0).isBetween(10.0, 10.5);
      assertThat(latency.getMinValue() / 1000.0).isGreaterThanOrEqualTo(10.0);
    }
  }

  @Test
  void requestWithoutAnswerIsATimeoutAndItsConnectionIsOpenedAgain() {
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.silent())) {
      RecordingListener result = run(options(server.url(), 1, 4, Duration.ofMillis(2200), Duration.ZERO,
          Duration.ofMillis(500), 0));

      ErrorCounts errors = result.errors();
      // Each of 4 connections times out about every 0.5 s over 2.2 s.
      assertThat(errors.get(ErrorClass.TIMEOUT)).isBetween(8L, 20L);
      assertThat(errors.socketTotal() - errors.get(ErrorClass.TIMEOUT)).isZero();
      assertThat(result.requests()).isZero();
      assertThat(server.connectionsAccepted()).isGreaterThan(4 + 8 - 1);
    }
  }

  @Test
  void closedPortGivesConnectErrorsAndTheRunStillEndsOnTime() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    long started = System.nanoTime();
    RecordingListener result = run(options(URI.create("http://127.0.0.1:" + port + "/"), 1, 2, Duration.ofSeconds(1),
        Duration.ZERO, Duration.ofSeconds(2), 0));
    long took = System.nanoTime() - started;

    assertThat(result.errors().get(ErrorClass.CONNECT)).isGreaterThan(2);
    assertThat(result.requests()).isZero();
    assertThat(result.all()).hasSize(1);
    assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void errorStatusesAreCountedAndStillTimed() {
    byte[] notFound = "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nNot Found".getBytes(StandardCharsets.US_ASCII);
    byte[] redirect = "HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    TestHttpServer.Behaviour everyOtherFails = new TestHttpServer.Behaviour() {
      @Override
      public long delayNanos(long request, long receivedNanos) {
        return 0;
      }

      @Override
      public byte[] response(long request) {
        return request % 3 == 0 ? notFound : request % 3 == 1 ? redirect : TestHttpServer.OK;
      }
    };
    try (TestHttpServer server = new TestHttpServer(everyOtherFails)) {
      RecordingListener result = run(options(server.url(), 1, 3, Duration.ofSeconds(1), Duration.ZERO,
          Duration.ofSeconds(2), 0));

      long requests = result.requests();
      assertThat(result.latency().getTotalCount()).isEqualTo(requests);
      // 404s fail as in wrk; 302s do not.
      assertThat((double) result.errors().get(ErrorClass.STATUS)).isCloseTo(requests / 3.0, org.assertj.core.data.Offset.offset(3.0));
    }
  }

  @Test
  void connectionCloseResponsesReopenTheConnectionWithoutErrors() {
    byte[] closing = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
    TestHttpServer.Behaviour closes = new TestHttpServer.Behaviour() {
      @Override
      public long delayNanos(long request, long receivedNanos) {
        return 0;
      }

      @Override
      public byte[] response(long request) {
        return closing;
      }
    };
    try (TestHttpServer server = new TestHttpServer(closes)) {
      RecordingListener result = run(options(server.url(), 1, 2, Duration.ofSeconds(1), Duration.ZERO,
          Duration.ofSeconds(2), 0));

      assertThat(result.requests()).isGreaterThan(20);
      assertThat(result.errors().total()).isZero();
      assertThat(server.connectionsAccepted()).isGreaterThanOrEqualTo((int) result.requests());
    }
  }

  @Test
  void garbageFromTheServerIsAReadError() {
    TestHttpServer.Behaviour garbage = new TestHttpServer.Behaviour() {
      @Override
      public long delayNanos(long request, long receivedNanos) {
        return 0;
      }

      @Override
      public byte[] response(long request) {
        return "SSH-2.0-OpenSSH_9.2\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      }
    };
    try (TestHttpServer server = new TestHttpServer(garbage)) {
      RecordingListener result = run(options(server.url(), 1, 2, Duration.ofSeconds(1), Duration.ZERO,
          Duration.ofSeconds(2), 0));

      assertThat(result.errors().get(ErrorClass.READ)).isGreaterThan(2);
      assertThat(result.requests()).isZero();
    }
  }

  @Test
  void stopEndsTheRunEarlyWithItsPartialInterval() {
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.immediate())) {
      RecordingListener listener = new RecordingListener();
      LoadRun run = engine.start(options(server.url(), 1, 2, Duration.ofSeconds(30), Duration.ZERO,
          Duration.ofSeconds(2), 0), 0, listener);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (listener.all().isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      run.stop();
      LoadOutcome outcome = run.completion().orTimeout(10, TimeUnit.SECONDS).join();

      assertThat(outcome.stoppedEarly()).isTrue();
      assertThat(listener.all()).hasSizeBetween(2, 4);
      assertThat(outcome.endedUnixNanos() - outcome.startedUnixNanos()).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }
  }

  @Test
  void runStartsAtTheAgreedInstant() {
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.immediate())) {
      RecordingListener listener = new RecordingListener();
      long startAt = gauntlet.core.WallClock.nowUnixNanos() + TimeUnit.MILLISECONDS.toNanos(700);
      engine.start(options(server.url(), 1, 1, Duration.ofMillis(500), Duration.ZERO, Duration.ofSeconds(2), 0),
          startAt, listener).completion().orTimeout(20, TimeUnit.SECONDS).join();

      assertThat(listener.startedUnixNanos - startAt).isBetween(0L, TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  @Test
  void openModelShowsAOneSecondStallInTheCorrectedTailButNotInServiceTime() {
    // The server answers at once, except that everything arriving during one second (4 s to 5 s
    // into the run) waits until that second ends: the classic coordinated-omission trap.
    long runStart = System.nanoTime();
    long stallStart = runStart + TimeUnit.SECONDS.toNanos(4);
    long stallEnd = runStart + TimeUnit.SECONDS.toNanos(5);
    TestHttpServer.Behaviour stallOnce = (n, at) -> at >= stallStart && at < stallEnd ? stallEnd - at : 0;
    try (TestHttpServer server = new TestHttpServer(stallOnce)) {
      RecordingListener result = run(options(server.url(), 1, 50, Duration.ofSeconds(10), Duration.ZERO,
          Duration.ofSeconds(3), 2000));

      Histogram corrected = result.latency();
      Histogram service = result.serviceTime();
      System.out.printf("coordinated omission: %d requests, corrected p90 %.2f ms p99 %.2f ms, service p99 %.2f ms max %.2f ms%n",
          corrected.getTotalCount(), corrected.getValueAtPercentile(90) / 1000.0,
          corrected.getValueAtPercentile(99) / 1000.0, service.getValueAtPercentile(99) / 1000.0,
          service.getMaxValue() / 1000.0);
      // 2000 req/s for 10 s; a tenth of them fell due during the stall, waiting from up to 1 s
      // down to nothing: by arithmetic the 99th percentile waited about 900 ms.
      assertThat(corrected.getTotalCount()).isBetween(19_000L, 20_100L);
      assertThat(corrected.getValueAtPercentile(99) / 1000.0).isBetween(800.0, 1000.0);
      // The stall touched only the tail: nine in ten requests never saw it (a loaded machine adds its own delay).
      assertThat(corrected.getValueAtPercentile(90) / 1000.0).isLessThan(500.0);
      // Only the ~50 requests in flight when the stall began saw it from their actual send.
      assertThat(service.getTotalCount()).isEqualTo(corrected.getTotalCount());
      assertThat(service.getValueAtPercentile(99) / 1000.0).isLessThan(50.0);
      assertThat(service.getMaxValue() / 1000.0).isGreaterThan(800.0);
      assertThat(result.errors().total()).isZero();
    }
  }
}
