package gauntlet.agent.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * CPU of each event loop thread between two readings. A loop near 100 % is always busy: the
 * generator, not the server, sets the pace. Read by the collector once per interval.
 */
final class LoopCpu {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final List<LoopWorker> workers;
  private final long[] lastCpu;
  private long lastWall;

  LoopCpu(List<LoopWorker> workers) {
    this.workers = workers;
    this.lastCpu = new long[workers.size()];
    this.lastWall = System.nanoTime();
  }

  /** The busiest loop's CPU percent since the previous call (or construction). */
  double busiestPercentSinceLast() {
    long wall = System.nanoTime();
    double busiest = 0;
    for (int i = 0; i < workers.size(); i++) {
      long id = workers.get(i).threadId();
      long cpu = id < 0 || !threads.isThreadCpuTimeSupported() ? -1 : threads.getThreadCpuTime(id);
      if (cpu < 0) {
        continue;
      }
      if (wall > lastWall) {
        busiest = Math.max(busiest, 100.0 * (cpu - lastCpu[i]) / (wall - lastWall));
      }
      lastCpu[i] = cpu;
    }
    lastWall = wall;
    return busiest;
  }
}
