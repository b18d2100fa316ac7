package gauntlet.agent.load;

import gauntlet.core.LoadTransport;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load generator: Netty event loops keeping wrk-style keep-alive connections busy, recording
 * every response's latency into per-loop HdrHistograms. Each run gets its own event loops, so runs
 * never share threads; the engine itself holds its settings and the JIT warm-up under way, if any.
 */
public final class LoadEngine implements AutoCloseable {
  private final TransportSelector transports;
  private final boolean batchFlushes;
  private final AtomicInteger runs = new AtomicInteger();
  private final AtomicReference<JitWarmup> warmup = new AtomicReference<>();

  /**
   * Netty's transports as this platform has them (each run picks one, {@link #transportFor}). Each request is flushed as soon as it is written, like wrk
   * does. Batching the flushes of one loop iteration delays every connection's next request behind
   * the reads of all the others and measured no better (bench/vs-wrk.sh, 5 alternating rounds:
   * 0.97x wrk's requests/s batched, 0.99x flushed at once). {@code -Dgauntlet.load.flush=batched}
   * brings batching back to compare.
   */
  public LoadEngine() {
    this(new NettyTransports(), "batched".equals(System.getProperty("gauntlet.load.flush")));
  }

  LoadEngine(TransportPlatform platform, boolean batchFlushes) {
    this.transports = new TransportSelector(platform);
    this.batchFlushes = batchFlushes;
  }

  /**
   * The transport a run asking for {@code requested} gets here, and the note when it is a
   * substitute: callers print or forward the note before the run (a run sends it to its listener
   * too, {@link LoadListener#transportNote}).
   */
  public TransportPick transportFor(LoadTransport requested) {
    return transports.pick(requested);
  }

  /**
   * Loads an in-process loopback server, with the threads, connections (at most 64) and model of
   * {@code like}, until the JIT has compiled the request path: at least {@code atLeast}, at most
   * {@code atMost}. Blocks meanwhile; a run started from another thread cuts it short. The target
   * of the real run sees nothing.
   *
   * @throws IllegalStateException when another warm-up is under way
   */
  public WarmupOutcome warmUp(LoadOptions like, Duration atLeast, Duration atMost) {
    JitWarmup mine = new JitWarmup(this, like, atLeast, atMost);
    if (!warmup.compareAndSet(null, mine)) {
      throw new IllegalStateException("A JIT warm-up is already running on this load engine");
    }
    try {
      return mine.run();
    } finally {
      warmup.compareAndSet(mine, null);
    }
  }

  /**
   * Starts a run at {@code startAtUnixNanos} on the wall clock (0 or a past instant: now), first
   * ending a warm-up still under way, so that it never shares the CPU with a measured run. Returns
   * at once; progress reaches {@code listener} from the run's collector thread.
   */
  public LoadRun start(LoadOptions options, long startAtUnixNanos, LoadListener listener) {
    endWarmUp();
    return launch(options, startAtUnixNanos, listener);
  }

  /** True while a warm-up is under way. */
  boolean warmingUp() {
    return warmup.get() != null;
  }

  /** Starts a run without minding a warm-up: the warm-up's own slices. */
  LoadRun launch(LoadOptions options, long startAtUnixNanos, LoadListener listener) {
    TransportPick pick = transports.pick(options.transport());
    LoadRunner run = new LoadRunner(options, startAtUnixNanos, listener, transports.transport(pick), pick.note(),
        batchFlushes, "gauntlet-load-run-" + runs.incrementAndGet());
    run.start();
    return run;
  }

  /** The transport {@code auto} runs on here: io_uring, epoll or nio. */
  public String transport() {
    return transports.pick(LoadTransport.AUTO).running().text();
  }

  /** Ends a warm-up still under way; runs own their event loops and end with them. */
  @Override
  public void close() {
    endWarmUp();
  }

  private void endWarmUp() {
    JitWarmup running = warmup.get();
    if (running != null) {
      running.cancelAndAwait();
    }
  }
}
