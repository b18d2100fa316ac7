package gauntlet.agent.target.docker;

import gauntlet.agent.target.ResourceSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a local container's cgroup files directly: the same counters {@code docker stats} reads,
 * in microseconds instead of the engine's ~1 s wait per non-streamed stats call, and a true process
 * count ({@code cgroup.procs}; the engine's {@code pids_stats} counts threads). Works when the
 * agent shares the host (and its /proc) with the engine; otherwise the launcher falls back to
 * {@link StatsStreamMeter}.
 */
final class CgroupMeter implements ContainerMeter {
  private final Path cpuFile;
  private final boolean cpuStatInMicros;
  private final Path memoryUsageFile;
  private final Path memoryStatFile;
  private final boolean cgroupV1;
  private final Path processesFile;
  private long previousCpuNanos;
  private long previousNanoTime;

  private CgroupMeter(Path cpuFile, boolean cpuStatInMicros, Path memoryUsageFile, Path memoryStatFile,
      boolean cgroupV1, Path processesFile) throws IOException {
    this.cpuFile = cpuFile;
    this.cpuStatInMicros = cpuStatInMicros;
    this.memoryUsageFile = memoryUsageFile;
    this.memoryStatFile = memoryStatFile;
    this.cgroupV1 = cgroupV1;
    this.processesFile = processesFile;
    this.previousCpuNanos = readCpuNanos();
    this.previousNanoTime = System.nanoTime();
  }

  /**
   * The meter of the container whose main process is {@code pid} on this host, if its cgroup
   * files are readable here and really belong to {@code containerId}.
   */
  static Optional<CgroupMeter> locate(long pid, String containerId) {
    try {
      String mountInfo = Files.readString(Path.of("/proc/self/mountinfo"));
      String membership = Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
      return locate(mountInfo, membership, containerId);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static Optional<CgroupMeter> locate(String mountInfo, String membership, String containerId)
      throws IOException {
    List<Mount> mounts = Mount.parseAll(mountInfo);
    Map<String, String> v1Paths = new HashMap<>();
    String v2Path = null;
    for (String line : membership.split("\n")) {
      String[] parts = line.split(":", 3);
      if (parts.length != 3) {
        continue;
      }
      if (parts[0].equals("0") && parts[1].isEmpty()) {
        v2Path = parts[2].strip();
      } else {
        for (String controller : parts[1].split(",")) {
          v1Paths.put(controller, parts[2].strip());
        }
      }
    }
    Optional<Path> cpuacct = v1Dir(mounts, v1Paths, "cpuacct", containerId);
    Optional<Path> memory = v1Dir(mounts, v1Paths, "memory", containerId);
    if (cpuacct.isPresent() && memory.isPresent()
        && Files.isReadable(cpuacct.get().resolve("cpuacct.usage"))
        && Files.isReadable(memory.get().resolve("memory.usage_in_bytes"))) {
      return Optional.of(new CgroupMeter(
          cpuacct.get().resolve("cpuacct.usage"), false,
          memory.get().resolve("memory.usage_in_bytes"), memory.get().resolve("memory.stat"), true,
          cpuacct.get().resolve("cgroup.procs")));
    }
    if (v2Path != null && v2Path.contains(containerId)) {
      for (Mount mount : mounts) {
        if (mount.fsType().equals("cgroup2")) {
          Optional<Path> dir = mount.resolve(v2Path);
          if (dir.isPresent() && Files.isReadable(dir.get().resolve("cpu.stat"))
              && Files.isReadable(dir.get().resolve("memory.current"))) {
            return Optional.of(new CgroupMeter(
                dir.get().resolve("cpu.stat"), true,
                dir.get().resolve("memory.current"), dir.get().resolve("memory.stat"), false,
                dir.get().resolve("cgroup.procs")));
          }
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized ResourceSample sample() {
    long unixNanos = unixNanosNow();
    try {
      long cpuNanos = readCpuNanos();
      long now = System.nanoTime();
      // Wall time stands in for docker's system delta / online CPUs: both are "time that passed".
      double cpuPercent = DockerStatsMath.cpuPercent(cpuNanos - previousCpuNanos, now - previousNanoTime, 1);
      previousCpuNanos = cpuNanos;
      previousNanoTime = now;
      long usage = readLong(memoryUsageFile);
      Map<String, Long> stat = readKeyValues(memoryStatFile);
      long memory = cgroupV1
          ? DockerStatsMath.memoryWithoutCache(usage, stat.getOrDefault("total_inactive_file", 0L), null)
          : DockerStatsMath.memoryWithoutCache(usage, null, stat.get("inactive_file"));
      return new ResourceSample(unixNanos, cpuPercent, memory, countProcesses());
    } catch (IOException | RuntimeException e) {
      // The cgroup is gone with its container: nothing runs, nothing is used.
      return new ResourceSample(unixNanos, 0, 0, 0);
    }
  }

  @Override
  public String source() {
    return cgroupV1 ? "cgroup v1 files" : "cgroup v2 files";
  }

  @Override
  public void close() {
    // Reads files on demand; holds nothing open.
  }

  private long readCpuNanos() throws IOException {
    if (cpuStatInMicros) {
      Long micros = readKeyValues(cpuFile).get("usage_usec");
      if (micros == null) {
        throw new IOException(cpuFile + " has no usage_usec");
      }
      return micros * 1000;
    }
    return readLong(cpuFile);
  }

  private int countProcesses() throws IOException {
    try (var lines = Files.lines(processesFile)) {
      return (int) lines.filter(line -> !line.isBlank()).count();
    }
  }

  private static long readLong(Path file) throws IOException {
    return Long.parseLong(Files.readString(file).strip());
  }

  private static Map<String, Long> readKeyValues(Path file) throws IOException {
    Map<String, Long> values = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int space = line.indexOf(' ');
      if (space > 0) {
        try {
          values.put(line.substring(0, space), Long.parseLong(line.substring(space + 1).strip()));
        } catch (NumberFormatException ignored) {
          // Not a counter line; memory.stat has none today, but a kernel may add one.
        }
      }
    }
    return values;
  }

  private static Optional<Path> v1Dir(List<Mount> mounts, Map<String, String> paths, String controller,
      String containerId) {
    String path = paths.get(controller);
    if (path == null || !path.contains(containerId)) {
      return Optional.empty();
    }
    for (Mount mount : mounts) {
      if (mount.fsType().equals("cgroup") && mount.superOptions().contains(controller)) {
        Optional<Path> dir = mount.resolve(path);
        if (dir.isPresent() && Files.isDirectory(dir.get())) {
          return dir;
        }
      }
    }
    return Optional.empty();
  }

  private static long unixNanosNow() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** One line of /proc/self/mountinfo, as much as finding cgroup folders needs. */
  record Mount(String root, Path mountPoint, String fsType, Set<String> superOptions) {

    static List<Mount> parseAll(String mountInfo) {
      List<Mount> mounts = new ArrayList<>();
      for (String line : mountInfo.split("\n")) {
        int separator = line.indexOf(" - ");
        if (separator < 0) {
          continue;
        }
        String[] before = line.substring(0, separator).split(" ");
        String[] after = line.substring(separator + 3).split(" ");
        if (before.length < 5 || after.length < 3) {
          continue;
        }
        mounts.add(new Mount(unescape(before[3]), Path.of(unescape(before[4])), after[0],
            Set.copyOf(Arrays.asList(after[2].split(",")))));
      }
      return mounts;
    }

    /** Where a cgroup path (as /proc/PID/cgroup shows it) lies under this mount, if it does. */
    Optional<Path> resolve(String cgroupPath) {
      if (root.equals("/")) {
        return Optional.of(Path.of(mountPoint + cgroupPath));
      }
      if (cgroupPath.equals(root) || cgroupPath.startsWith(root + "/")) {
        return Optional.of(Path.of(mountPoint + cgroupPath.substring(root.length())));
      }
      return Optional.empty();
    }

    // mountinfo writes space, tab, newline and backslash as octal escapes (\040 ...).
    private static String unescape(String field) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < field.length(); i++) {
        char c = field.charAt(i);
        if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
          out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
          i += 3;
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }
  }
}
