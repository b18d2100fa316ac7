package gauntlet.agent.load;

import gauntlet.core.CompilerDirectives;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Loads a {@link WarmupServer} inside this process until the JIT has compiled the request path, so
 * a real run is measured by compiled code: a JVM's first thousands of requests are interpreted,
 * and the C2 compiler then takes a core for seconds, where wrk, compiled ahead of time, takes none.
 *
 * <p>It runs in short slices, each a whole run of the engine, and after each one waits, sending
 * nothing, while C2 has methods queued: the load's only job is to make the compiler queue them, and
 * a load that goes on meanwhile takes the core the compiler needs (pinned to one core, a warm-up
 * that kept loading settled after 7-17 s; pausing lets it settle after the compile work alone).
 * It stops once two slices in a row ended with C2's queue empty and little compilation
 * ({@link CompilerActivity}). A fixed time does not do: after 3 s, C2 went on compiling the request
 * path through the first three seconds of the measured run, on the generator's own core, and cost
 * it 5-15 % of its requests/s against wrk (bench/vs-wrk.sh, -XX:+PrintCompilation). On a JVM that
 * tells neither figure it runs for its least time. A real run started meanwhile cancels it
 * ({@link #cancelAndAwait}).
 *
 * <p>C2 is kept off the code only the warm-up runs hot ({@link #NOT_MEASURED}), so that its queue
 * drains of the request path alone.
 */
final class JitWarmup {
  private static final Duration SLICE = Duration.ofMillis(250);
  /** How often the compiler's queue is looked at while it drains: the JIT tells no one when it is done. */
  private static final long DRAIN_POLL_NANOS = 10_000_000;
  /** A slice is quiet when C2 has nothing left to compile and compiling took under 20 % of it. */
  private static final long QUIET_COMPILE_MILLIS = SLICE.toMillis() / 5;
  private static final int QUIET_SLICES = 2;
  /** The warm-up server is on this machine's loopback: no need for the run's thousands of connections. */
  private static final int MAX_CONNECTIONS = 64;
  /** An open-model warm-up paces at most this: it only needs the pacing path, not the run's rate. */
  private static final double MAX_RATE = 20_000;

  /**
   * What the warm-up runs hot and a measured run does not, which C2 need not compile: the JDK's ASM,
   * which spins the JVM's method-handle and proxy classes and JFR's event handlers while a command
   * starts, and the warm-up's own server. They took 0.5 s and 0.35 s of the 3.9 s that C2 compiled
   * for in a 10 s {@code load} pinned to one core (-XX:+LogCompilation), most of it before "Running".
   * (The JDK's NIO, which the warm-up server runs on, stays: the engine's nio transport needs it.)
   */
  static final List<String> NOT_MEASURED = List.of("jdk/internal/org/objectweb/*.*",
      "gauntlet/agent/load/WarmupServer*.*");

  /**
   * Tells C2 about {@link #NOT_MEASURED} once per JVM, when the class is first used: each telling
   * is a push onto HotSpot's directives stack, and one per warm-up could fill it.
   */
  private static final class NotMeasuredLeftToC1 {
    private static final boolean TOLD = CompilerDirectives.excludeFromC2(NOT_MEASURED);

    static boolean ensure() {
      return TOLD;
    }
  }

  private final LoadEngine engine;
  private final LoadOptions like;
  private final Duration atLeast;
  private final Duration atMost;
  private final CompilerActivity compiler = new CompilerActivity();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean cancelled;
  private volatile LoadRun slice;

  JitWarmup(LoadEngine engine, LoadOptions like, Duration atLeast, Duration atMost) {
    this.engine = engine;
    this.like = like;
    this.atLeast = atLeast;
    this.atMost = atMost;
  }

  /** Runs slices until the JIT settles (after {@code atLeast}), {@code atMost} passes, or a cancel. */
  WarmupOutcome run() {
    NotMeasuredLeftToC1.ensure();
    long start = System.nanoTime();
    try (WarmupServer server = WarmupServer.start()) {
      LoadOptions options = sliceOptions(server.port());
      int quietSlices = 0;
      while (!cancelled) {
        long before = compiler.compileMillis();
        runSlice(options);
        long compileMillis = compiler.compileMillis();
        int pending = compiler.pendingOptimisations();
        boolean blind = pending < 0 || compileMillis < 0;
        boolean quiet = pending <= 0 && compileMillis - before < QUIET_COMPILE_MILLIS;
        quietSlices = quiet ? quietSlices + 1 : 0;
        if (!blind && pending > 0) {
          drain(start);
        }
        long elapsed = System.nanoTime() - start;
        if (elapsed >= atLeast.toNanos() && (blind || quietSlices >= QUIET_SLICES)) {
          return new WarmupOutcome(Duration.ofNanos(elapsed), !blind, false);
        }
        if (elapsed >= atMost.toNanos()) {
          return new WarmupOutcome(Duration.ofNanos(elapsed), false, false);
        }
      }
      return new WarmupOutcome(Duration.ofNanos(System.nanoTime() - start), false, true);
    } finally {
      finished.countDown();
    }
  }

  /** Waits, loading nothing, until C2's queue is empty, the warm-up's time is up, or a cancel. */
  private void drain(long start) {
    while (!cancelled && System.nanoTime() - start < atMost.toNanos() && compiler.pendingOptimisations() > 0) {
      LockSupport.parkNanos(DRAIN_POLL_NANOS);
    }
  }

  private void runSlice(LoadOptions options) {
    LoadRun run = engine.launch(options, 0, snapshot -> { });
    slice = run;
    // Read after publishing the slice: a cancel either sees the slice or is seen here.
    if (cancelled) {
      run.stop();
    }
    run.completion().orTimeout(SLICE.toMillis() + 10_000, TimeUnit.MILLISECONDS).join();
    slice = null;
  }

  /** Stops the warm-up and waits until its connections and threads are gone. */
  void cancelAndAwait() {
    cancelled = true;
    LoadRun current = slice;
    if (current != null) {
      current.stop();
    }
    try {
      finished.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The real run's shape (threads, connections, model) against the warm-up server, one slice long. */
  private LoadOptions sliceOptions(int port) {
    int connections = Math.max(like.threads(), Math.min(like.connections(), MAX_CONNECTIONS));
    double rate = like.openModel() ? Math.min(like.rate(), MAX_RATE) : 0;
    return new LoadOptions(URI.create("http://127.0.0.1:" + port + "/"), "GET", Map.of(), new byte[0],
        like.threads(), connections, SLICE, Duration.ZERO, Duration.ofSeconds(2), rate, SLICE)
        .withTransport(like.transport());
  }
}
