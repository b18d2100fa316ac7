package gauntlet.agent.load;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator: Netty event loops keeping wrk-style keep-alive connections busy, recording
 * every response's latency into per-loop HdrHistograms. Each run gets its own event loops, so runs
 * never share threads; the engine itself holds nothing but its settings.
 */
public final class LoadEngine implements AutoCloseable {
  private final Transport transport;
  private final boolean batchFlushes;
  private final AtomicInteger runs = new AtomicInteger();

  /**
   * The best transport of this platform. Each request is flushed as soon as it is written, like wrk
   * does: measured side by side, batching the flushes of one loop iteration delays every
   * connection's next request behind the reads of all the others, and the server then finds its
   * socket empty more often and spends more CPU per request parking and waking (bench/vs-wrk.sh:
   * 5-10 % fewer requests/s). {@code -Dgauntlet.load.flush=batched} brings batching back to compare.
   */
  public LoadEngine() {
    this(Transport.best(), "batched".equals(System.getProperty("gauntlet.load.flush")));
  }

  LoadEngine(Transport transport, boolean batchFlushes) {
    this.transport = transport;
    this.batchFlushes = batchFlushes;
  }

  /**
   * Starts a run at {@code startAtUnixNanos} on the wall clock (0 or a past instant: now). Returns
   * at once; progress reaches {@code listener} from the run's collector thread.
   */
  public LoadRun start(LoadOptions options, long startAtUnixNanos, LoadListener listener) {
    LoadRunner run = new LoadRunner(options, startAtUnixNanos, listener, transport, batchFlushes,
        "gauntlet-load-run-" + runs.incrementAndGet());
    run.start();
    return run;
  }

  /** The transport used: epoll or nio. */
  public String transport() {
    return transport.name();
  }

  @Override
  public void close() {
    // Runs own their event loops and end with them; nothing is shared to release.
  }
}
