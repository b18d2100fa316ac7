package gauntlet.agent.load;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Open model: wakes each event loop when requests fall due. A loop's requests are due at fixed
 * instants ({@code start + n * gap}), so this one thread knows every due instant without asking;
 * it parks until the earliest (about 50 µs precise on Linux) and hands the loop a reused task.
 * Pacing thus allocates nothing per request, unlike a scheduled task per send.
 */
final class Pacer implements Runnable {
  private final List<? extends PacedLoop> workers;
  private final long endNanos;
  private final long[] wokenUpTo;
  private final Thread thread;
  private volatile boolean running = true;

  Pacer(List<? extends PacedLoop> workers, long startNanos, long endNanos, String name) {
    this.workers = workers;
    this.endNanos = endNanos;
    this.wokenUpTo = new long[workers.size()];
    java.util.Arrays.fill(wokenUpTo, -1);
    this.thread = new Thread(this, name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public void run() {
    while (running) {
      long now = System.nanoTime();
      if (now >= endNanos) {
        return;
      }
      long earliest = endNanos;
      for (int i = 0; i < workers.size(); i++) {
        PacedLoop worker = workers.get(i);
        DueTimes times = worker.dueTimes();
        long due = times.lastDueAt(now);
        if (due > wokenUpTo[i]) {
          wokenUpTo[i] = due;
          worker.wakeForDueRequests();
        }
        // Saturating: a next request beyond the clock's range is simply never before the end.
        earliest = Math.min(earliest, times.due(wokenUpTo[i] + 1));
      }
      long wait = earliest - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(this, wait);
      }
    }
  }

  void stop() {
    running = false;
    LockSupport.unpark(thread);
  }

  void join() throws InterruptedException {
    thread.join();
  }

  /** Waits up to {@code millis} for the pacer to end; true when it has. */
  boolean awaitEnd(long millis) throws InterruptedException {
    thread.join(millis);
    return !thread.isAlive();
  }
}
