package gauntlet.agent.load;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.core.CompiledLevels;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JitWarmupIT {
  private static final LoadOptions SHAPE = LoadOptions.closed(URI.create("http://127.0.0.1/"), 1, 16,
      Duration.ofSeconds(1));

  @Test
  void endsOnceTheOptimisingCompilerHasNothingLeftToCompile() {
    try (LoadEngine engine = new LoadEngine()) {
      WarmupOutcome outcome = engine.warmUp(SHAPE, Duration.ofSeconds(1), Duration.ofSeconds(60));

      assertThat(outcome.settled()).as("settled before the 60 s limit: %s", outcome).isTrue();
      assertThat(outcome.cancelled()).isFalse();
      assertThat(outcome.took()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));
      assertThat(engine.warmingUp()).isFalse();
      assertThat(Thread.getAllStackTraces().keySet())
          .noneMatch(t -> t.getName().equals("gauntlet-jit-warmup-server"));
    }
  }

  /** Without the directive C2 compiled the warm-up server's read loop too, for no measured request. */
  @Test
  void theOptimisingCompilerLeavesTheWarmUpsOwnServerAloneAndTakesTheRequestPath() {
    try (LoadEngine engine = new LoadEngine()) {
      WarmupOutcome outcome = engine.warmUp(SHAPE, Duration.ofSeconds(1), Duration.ofSeconds(60));
      assertThat(outcome.settled()).as("settled: %s", outcome).isTrue();

      assertThat(CompiledLevels.of("WarmupServer$Connection.read")).as("the warm-up server's read").isNotEmpty()
          .doesNotContain(4);
      // C2 is on, and took the engine's HTTP path (which method of it may vary: in the IT JVM shared
      // with other tests, CI once found the parser re-profiling at level 3 after a deoptimisation).
      assertThat(CompiledLevels.of("gauntlet.agent.load.Http")).as("the engine's connection and parser").contains(4);
    }
  }

  @Test
  void aRunStartedDuringTheWarmUpCutsItShortAndHasTheCpuToItself() {
    try (LoadEngine engine = new LoadEngine(); TestHttpServer server = new TestHttpServer(TestHttpServer.immediate())) {
      CompletableFuture<WarmupOutcome> warmup = CompletableFuture.supplyAsync(
          () -> engine.warmUp(SHAPE, Duration.ofSeconds(60), Duration.ofSeconds(60)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!engine.warmingUp() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(engine.warmingUp()).as("warm-up under way").isTrue();

      RecordingListener listener = new RecordingListener();
      LoadRun run = engine.start(LoadOptions.closed(server.url(), 1, 2, Duration.ofMillis(500)), 0, listener);

      WarmupOutcome outcome = warmup.orTimeout(5, TimeUnit.SECONDS).join();
      assertThat(outcome.cancelled()).isTrue();
      assertThat(outcome.took()).isLessThan(Duration.ofSeconds(20));
      run.completion().orTimeout(20, TimeUnit.SECONDS).join();
      assertThat(listener.requests()).isPositive();
    }
  }
}
