package gauntlet.agent.target.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A cgroup v2 group below the agent's own, with cpu.max and memory.max. */
final class CgroupV2 implements Cgroup {
  private static final long PERIOD_MICROS = 100_000;

  private final Path dir;
  private final String description;

  private CgroupV2(Path dir, String description) {
    this.dir = dir;
    this.description = description;
  }

  static Optional<Cgroup> create(Path root, String name, double cpus, long memoryBytes) {
    Optional<Path> parent = CgroupPaths.v2Parent(root);
    if (parent.isEmpty()) {
      return Optional.empty();
    }
    Path dir = parent.get().resolve(name);
    try {
      Files.createDirectory(dir);
      if (cpus > 0) {
        CgroupFiles.write(dir.resolve("cpu.max"), Math.round(cpus * PERIOD_MICROS) + " " + PERIOD_MICROS);
      }
      if (memoryBytes > 0) {
        CgroupFiles.write(dir.resolve("memory.max"), Long.toString(memoryBytes));
      }
      return Optional.of(new CgroupV2(dir, String.format(Locale.ROOT, "cgroup v2 %s (cpu.max %s, memory.max %s)",
          name, cpus > 0 ? Math.round(cpus * PERIOD_MICROS) + " " + PERIOD_MICROS : "max",
          memoryBytes > 0 ? Long.toString(memoryBytes) : "max")));
    } catch (IOException e) {
      CgroupFiles.removeDirectory(dir);
      return Optional.empty();
    }
  }

  @Override
  public List<String> wrap(List<String> command) {
    List<String> wrapped = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
        "echo $$ > " + dir.resolve("cgroup.procs") + " && exec \"$0\" \"$@\""));
    wrapped.addAll(command);
    return wrapped;
  }

  @Override
  public List<Path> directories() {
    return List.of(dir);
  }

  @Override
  public long cpuNanos() {
    return CgroupFiles.readKey(dir.resolve("cpu.stat"), "usage_usec") * 1000;
  }

  @Override
  public long memoryBytes() {
    long usage = CgroupFiles.readLong(dir.resolve("memory.current"));
    return Math.max(0, usage - CgroupFiles.readKey(dir.resolve("memory.stat"), "inactive_file"));
  }

  @Override
  public List<Long> pids() {
    return CgroupFiles.readPids(dir.resolve("cgroup.procs"));
  }

  @Override
  public void remove() {
    CgroupFiles.removeDirectory(dir);
  }

  @Override
  public String describe() {
    return description;
  }
}
