package gauntlet.agent.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How busy the whole machine's CPUs are, from {@code /proc/stat}: every process counts, the target,
 * the load generator, docker-proxy and whatever else shares the host. A target that stays below
 * its quota while this reads near all cores had no CPU left to take.
 */
public final class HostCpuMeter {
  private final Path stat;
  private long lastBusy = -1;
  private long lastTotal = -1;
  private int cores;

  public HostCpuMeter() {
    this(Path.of("/proc/stat"));
  }

  HostCpuMeter(Path stat) {
    this.stat = stat;
  }

  /**
   * CPU busy since the previous call, 100 = one core; empty on the first call and where
   * {@code /proc/stat} cannot be read.
   */
  public synchronized OptionalDouble sample() {
    List<String> lines;
    try {
      lines = Files.readAllLines(stat);
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
    return update(lines);
  }

  /** Cores the last reading counted (its {@code cpuN} lines); 0 before the first. */
  public synchronized int cores() {
    return cores;
  }

  OptionalDouble update(List<String> lines) {
    long busy = -1;
    long total = 0;
    int counted = 0;
    for (String line : lines) {
      if (line.startsWith("cpu ")) {
        // user nice system idle iowait irq softirq steal (guest time is already in user and nice)
        String[] f = line.trim().split("\\s+");
        long idle = 0;
        busy = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
          long v = Long.parseLong(f[i]);
          total += v;
          if (i == 4 || i == 5) {
            idle += v;
          } else {
            busy += v;
          }
        }
      } else if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
        counted++;
      }
    }
    if (busy < 0 || counted == 0) {
      return OptionalDouble.empty();
    }
    cores = counted;
    long busyDelta = busy - lastBusy;
    long totalDelta = total - lastTotal;
    boolean first = lastTotal < 0;
    lastBusy = busy;
    lastTotal = total;
    if (first || totalDelta <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(100.0 * counted * busyDelta / totalDelta);
  }
}
