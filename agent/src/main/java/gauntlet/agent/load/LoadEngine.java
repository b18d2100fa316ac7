package gauntlet.agent.load;

/**
 * The load generator: Netty event loops keeping wrk-style keep-alive connections busy.
 * Thread-safe; one engine serves many runs, one after another or at once.
 */
public final class LoadEngine implements AutoCloseable {

  /**
   * Starts a run at {@code startAtUnixNanos} on the wall clock (0 or a past instant: now).
   */
  public LoadRun start(LoadOptions options, long startAtUnixNanos, LoadListener listener) {
    throw new UnsupportedOperationException("the load engine is being written");
  }

  /** The transport used: epoll, io_uring or nio. */
  public String transport() {
    return "nio";
  }

  @Override
  public void close() {}
}
