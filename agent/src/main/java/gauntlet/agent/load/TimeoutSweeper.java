package gauntlet.agent.load;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Asks every event loop, at a fixed period, to time out the requests that have waited too long. The
 * period is kept off the loops' own scheduled-task queues on purpose: while a loop has a scheduled
 * task, Netty reads the clock several times in every loop iteration to see whether it is due (about
 * 45 ns a read on a VM), which a load generator pays per request.
 */
final class TimeoutSweeper implements AutoCloseable {
  /** What the sweeper needs of an event loop. */
  interface SweptLoop {
    /** Queues one sweep of the loop's connections on the loop; must not block or allocate. */
    void sweepTimeoutsSoon();
  }

  private final List<? extends SweptLoop> loops;
  private final long periodNanos;
  private final Thread thread;
  private volatile boolean running = true;

  TimeoutSweeper(List<? extends SweptLoop> loops, long periodNanos, String name) {
    this.loops = loops;
    this.periodNanos = periodNanos;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  /** The period for a run whose requests time out after {@code timeoutNanos}: a tenth of it, within 5-100 ms. */
  static long periodFor(long timeoutNanos) {
    return Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(timeoutNanos / 10, TimeUnit.MILLISECONDS.toNanos(100)));
  }

  void start() {
    thread.start();
  }

  private void run() {
    long next = System.nanoTime() + periodNanos;
    while (running) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        // A period of the clock, not a wait for another thread: close() unparks it to end.
        LockSupport.parkNanos(this, wait);
        continue;
      }
      for (SweptLoop loop : loops) {
        loop.sweepTimeoutsSoon();
      }
      next += periodNanos;
    }
  }

  /** Stops the sweeps and waits for the thread to end. */
  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
