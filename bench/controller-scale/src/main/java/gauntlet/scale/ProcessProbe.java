package gauntlet.scale;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads another process's CPU time, per thread and in all, and its memory from {@code /proc}: the
 * controller runs in its own JVM, so what it spends is not mixed with the simulated agents'.
 */
final class ProcessProbe {
  /** /proc reports CPU in USER_HZ ticks, 100 a second on every Linux ABI. */
  private static final double TICK_SECONDS = 0.01;

  private final long pid;

  ProcessProbe(long pid) {
    this.pid = pid;
  }

  /** CPU seconds so far of every live thread, by thread id, with the thread's name. */
  record ThreadCpu(String name, double seconds) {}

  /** One reading: the process's CPU seconds, each live thread's, and the live thread count. */
  record Reading(long atNanos, double processCpuSeconds, Map<Long, ThreadCpu> threads) {}

  Reading read() {
    long at = System.nanoTime();
    double process = cpuSeconds(Path.of("/proc", Long.toString(pid), "stat"));
    Map<Long, ThreadCpu> threads = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          threads.put(Long.parseLong(task.getFileName().toString()),
              new ThreadCpu(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks(stat) * TICK_SECONDS));
        } catch (IOException ended) {
          // The thread ended between listing and reading.
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the controller's threads in /proc/" + pid + "/task: " + e, e);
    }
    return new Reading(at, process, threads);
  }

  /**
   * The process's CPU seconds at its last reading before it exits (read every 10 ms), or at
   * {@code limitSeconds} from now if it runs that long.
   */
  double processCpuSecondsUntilExit(Process process, long limitSeconds) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    long until = System.nanoTime() + limitSeconds * 1_000_000_000L;
    double last = cpuSeconds(stat);
    while (process.isAlive() && System.nanoTime() < until) {
      try {
        last = cpuSeconds(stat);
      } catch (IllegalStateException exited) {
        break;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
    }
    return last;
  }

  private static double cpuSeconds(Path stat) {
    try {
      return ticks(Files.readString(stat)) * TICK_SECONDS;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + stat + " (has the controller exited?): " + e, e);
    }
  }

  /** utime + stime, fields 14 and 15 of a stat line (after the parenthesised name, which may hold spaces). */
  private static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** CPU seconds spent between two readings, per thread-name group (digits dropped), largest first. */
  static Map<String, Double> byThreadGroup(Reading before, Reading after) {
    Map<String, Double> groups = new HashMap<>();
    after.threads().forEach((tid, now) -> {
      ThreadCpu then = before.threads().get(tid);
      double spent = now.seconds() - (then == null ? 0 : then.seconds());
      if (spent > 0) {
        groups.merge(now.name().replaceAll("[0-9]+", "#"), spent, Double::sum);
      }
    });
    Map<String, Double> sorted = new TreeMap<>((a, b) -> {
      int c = Double.compare(groups.get(b), groups.get(a));
      return c != 0 ? c : a.compareTo(b);
    });
    sorted.putAll(groups);
    return sorted;
  }

  /** Live threads per thread-name group (digits dropped), most first. */
  static Map<String, Integer> threadCounts(Reading reading) {
    Map<String, Integer> counts = new HashMap<>();
    reading.threads().values().forEach(t -> counts.merge(t.name().replaceAll("[0-9]+", "#"), 1, Integer::sum));
    Map<String, Integer> sorted = new TreeMap<>((a, b) -> {
      int c = Integer.compare(counts.get(b), counts.get(a));
      return c != 0 ? c : a.compareTo(b);
    });
    sorted.putAll(counts);
    return sorted;
  }

  /** A field of /proc/PID/status in bytes, e.g. VmRSS or VmHWM; -1 when absent. */
  long statusBytes(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Java heap used now, from {@code jcmd PID GC.heap_info}, in bytes; -1 when jcmd cannot tell. */
  long heapUsedBytes() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
