package gauntlet.agent.target.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A cgroup v1 group: one directory in each of the cpu, cpuacct and memory hierarchies, made
 * below the agent's own groups so the target stays inside whatever limits the agent lives under.
 */
final class CgroupV1 implements Cgroup {
  private static final long PERIOD_MICROS = 100_000;

  private final Path cpu;
  private final Path cpuacct;
  private final Path memory;
  private final String description;

  private CgroupV1(Path cpu, Path cpuacct, Path memory, String description) {
    this.cpu = cpu;
    this.cpuacct = cpuacct;
    this.memory = memory;
    this.description = description;
  }

  /** Makes the group, or empty when this host's v1 hierarchies are missing or read-only. */
  static Optional<Cgroup> create(Path root, String name, double cpus, long memoryBytes) {
    Optional<Path> cpuParent = CgroupPaths.v1Parent(root, "cpu");
    Optional<Path> cpuacctParent = CgroupPaths.v1Parent(root, "cpuacct");
    Optional<Path> memoryParent = CgroupPaths.v1Parent(root, "memory");
    if (cpuParent.isEmpty() || cpuacctParent.isEmpty() || memoryParent.isEmpty()) {
      return Optional.empty();
    }
    List<Path> made = new ArrayList<>();
    try {
      Path cpu = mkdir(cpuParent.get().resolve(name), made);
      Path cpuacct = cpuacctParent.get().equals(cpuParent.get()) ? cpu : mkdir(cpuacctParent.get().resolve(name), made);
      Path memory = mkdir(memoryParent.get().resolve(name), made);
      if (cpus > 0) {
        CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
        CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(Math.round(cpus * PERIOD_MICROS)));
      }
      if (memoryBytes > 0) {
        CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
      }
      return Optional.of(new CgroupV1(cpu, cpuacct, memory, String.format(Locale.ROOT,
          "cgroup v1 %s (cpu.cfs_quota_us %d per %d, memory.limit_in_bytes %s)", name,
          cpus > 0 ? Math.round(cpus * PERIOD_MICROS) : -1, PERIOD_MICROS,
          memoryBytes > 0 ? Long.toString(memoryBytes) : "unlimited")));
    } catch (IOException e) {
      for (int i = made.size() - 1; i >= 0; i--) {
        CgroupFiles.removeDirectory(made.get(i));
      }
      return Optional.empty();
    }
  }

  private static Path mkdir(Path dir, List<Path> made) throws IOException {
    Files.createDirectory(dir);
    made.add(dir);
    return dir;
  }

  @Override
  public List<String> wrap(List<String> command) {
    // The shell joins every hierarchy, then becomes the server: its children inherit the groups.
    StringBuilder script = new StringBuilder();
    for (Path dir : distinct()) {
      script.append("echo $$ > ").append(dir.resolve("cgroup.procs")).append(" && ");
    }
    script.append("exec \"$0\" \"$@\"");
    List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", script.toString()));
    wrapped.addAll(command);
    return wrapped;
  }

  @Override
  public List<Path> directories() {
    return distinct();
  }

  private List<Path> distinct() {
    List<Path> dirs = new ArrayList<>(List.of(cpu));
    if (!cpuacct.equals(cpu)) {
      dirs.add(cpuacct);
    }
    dirs.add(memory);
    return dirs;
  }

  @Override
  public long cpuNanos() {
    return CgroupFiles.readLong(cpuacct.resolve("cpuacct.usage"));
  }

  @Override
  public long memoryBytes() {
    long usage = CgroupFiles.readLong(memory.resolve("memory.usage_in_bytes"));
    long inactiveFile = CgroupFiles.readKey(memory.resolve("memory.stat"), "total_inactive_file");
    return Math.max(0, usage - inactiveFile);
  }

  @Override
  public List<Long> pids() {
    return CgroupFiles.readPids(memory.resolve("cgroup.procs"));
  }

  @Override
  public void remove() {
    List<Path> dirs = distinct();
    for (int i = dirs.size() - 1; i >= 0; i--) {
      CgroupFiles.removeDirectory(dirs.get(i));
    }
  }

  @Override
  public String describe() {
    return description;
  }
}
