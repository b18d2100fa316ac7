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
  private final List<LoopWorker> workers;
  private final long startNanos;
  private final long endNanos;
  private final long[] wokenUpTo;
  private final Thread thread;
  private volatile boolean running = true;

  Pacer(List<LoopWorker> workers, long startNanos, long endNanos, String name) {
    this.workers = workers;
    this.startNanos = startNanos;
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
        LoopWorker worker = workers.get(i);
        double gap = worker.requestGapNanos();
        long due = (long) ((now - startNanos) / gap);
        if (now >= startNanos && due > wokenUpTo[i]) {
          wokenUpTo[i] = due;
          worker.wakeForDueRequests();
        }
        long next = startNanos + (long) Math.ceil((wokenUpTo[i] + 1) * gap);
        earliest = Math.min(earliest, next);
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
}
