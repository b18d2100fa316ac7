package gauntlet.agent.load;

import io.netty.channel.EventLoop;

/**
 * What an {@link HttpConnection} needs from the event loop that owns it ({@link LoopWorker}):
 * where to record, whether the run goes on, and when to flush. Every method is called on the
 * loop's thread and allocates nothing.
 */
interface ConnectionLoop {
  /** The loop the connection's channels and retries run on. */
  EventLoop loop();

  /** True once the run has ended: nothing is sent, recorded or reconnected any more. */
  boolean ended();

  /** True for the open model (requests fall due at fixed instants), false for the closed one. */
  boolean openModel();

  /** How long a request may wait for its response before it counts as a timeout. */
  long timeoutNanos();

  /** Brings the current interval up to {@code now}; false once the run has ended. */
  boolean advanceTo(long now);

  /** One complete response; the status decides whether it also counts as a status error. */
  void recordResponse(long latencyNanos, long serviceNanos, int status, long responseBytes);

  /** Bytes of a response cut short, counted as moved over the wire all the same. */
  void bytesRead(long count);

  void connectFailed();

  void readFailed();

  void writeFailed();

  void timedOut();

  void opened();

  void closed();

  /** Flushes {@code connection}'s written request, now or at the end of this loop iteration. */
  void flushSoon(HttpConnection connection);
}
