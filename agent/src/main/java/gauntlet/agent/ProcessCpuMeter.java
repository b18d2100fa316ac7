package gauntlet.agent;

import java.lang.management.ManagementFactory;

/**
 * This JVM's CPU use between two readings, 100 = one core busy; the controller uses it to tell a
 * saturated load generator from a saturated server.
 */
public final class ProcessCpuMeter {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long lastCpuNanos;
  private long lastWallNanos;

  public ProcessCpuMeter() {
    lastCpuNanos = os.getProcessCpuTime();
    lastWallNanos = System.nanoTime();
  }

  /** CPU percent since the previous call (or construction). */
  public synchronized double percentSinceLast() {
    long cpu = os.getProcessCpuTime();
    long wall = System.nanoTime();
    double percent = wall > lastWallNanos ? 100.0 * (cpu - lastCpuNanos) / (wall - lastWallNanos) : 0;
    lastCpuNanos = cpu;
    lastWallNanos = wall;
    return Math.max(0, percent);
  }
}
