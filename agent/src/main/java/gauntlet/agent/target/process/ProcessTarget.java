package gauntlet.agent.target.process;

import gauntlet.core.WallClock;
import gauntlet.agent.target.ResourceSample;
import gauntlet.agent.target.RunningTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A server running as child processes of the agent, in its own cgroup when the host allows. */
final class ProcessTarget implements RunningTarget {
  private static final Logger log = LoggerFactory.getLogger(ProcessTarget.class);
  private static final long STOP_GRACE_MILLIS = 3_000;

  private final Process process;
  private final Optional<Cgroup> cgroup;
  private final Path directory;
  private final Path output;
  private final double cpus;
  private final long memoryBytes;
  private final List<String> warnings;
  private final String runtimeVersion;
  private long lastCpuNanos;
  private long lastWallNanos;
  private boolean closed;

  ProcessTarget(Process process, Optional<Cgroup> cgroup, Path directory, Path output, double cpus, long memoryBytes,
      List<String> warnings, String runtimeVersion) {
    this.process = process;
    this.cgroup = cgroup;
    this.directory = directory;
    this.output = output;
    this.cpus = cpus;
    this.memoryBytes = memoryBytes;
    this.warnings = List.copyOf(warnings);
    this.runtimeVersion = runtimeVersion;
    this.lastCpuNanos = cpuNanos();
    this.lastWallNanos = System.nanoTime();
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public String handle() {
    return "pid " + process.pid();
  }

  @Override
  public String image() {
    return "";
  }

  @Override
  public double cpus() {
    return cpus;
  }

  @Override
  public long memoryBytes() {
    return memoryBytes;
  }

  @Override
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String runtimeVersion() {
    return runtimeVersion;
  }

  @Override
  public synchronized ResourceSample sample() {
    long cpu = cpuNanos();
    long wall = System.nanoTime();
    double percent = wall > lastWallNanos ? 100.0 * Math.max(0, cpu - lastCpuNanos) / (wall - lastWallNanos) : 0;
    lastCpuNanos = cpu;
    lastWallNanos = wall;
    List<Long> pids = pids();
    long memory = cgroup.map(Cgroup::memoryBytes)
        .orElseGet(() -> pids.stream().mapToLong(ProcStat::residentBytes).sum());
    return new ResourceSample(WallClock.nowUnixNanos(), percent, memory, pids.size());
  }

  private long cpuNanos() {
    return cgroup.map(Cgroup::cpuNanos).orElseGet(() -> pids().stream().mapToLong(ProcStat::cpuNanos).sum());
  }

  /** Every process of the target: the cgroup's members, or the child and its descendants. */
  private List<Long> pids() {
    if (cgroup.isPresent()) {
      return cgroup.get().pids();
    }
    List<Long> pids = new ArrayList<>();
    if (process.isAlive()) {
      pids.add(process.pid());
    }
    process.descendants().filter(ProcessHandle::isAlive).forEach(p -> pids.add(p.pid()));
    return pids;
  }

  @Override
  public synchronized Optional<String> gone() {
    if (closed || process.isAlive()) {
      return Optional.empty();
    }
    return Optional.of("the target process (pid " + process.pid() + ") exited with code " + process.exitValue());
  }

  @Override
  public String outputTail(int lines) {
    return OutputTail.lastLines(output, lines);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<ProcessHandle> all = new ArrayList<>();
    pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(all::add));
    process.descendants().forEach(all::add);
    all.add(process.toHandle());
    // The root first: a cluster primary stops its own workers and reaps them, leaving no orphans.
    process.toHandle().destroy();
    awaitExit(List.of(process.toHandle()));
    all.stream().filter(ProcStat::running).forEach(ProcessHandle::destroy);
    awaitExit(all);
    all.stream().filter(ProcStat::running).forEach(ProcessHandle::destroyForcibly);
    awaitExit(all);
    // The root is this JVM's child: until the JVM has reaped it, it is a zombie that still holds
    // its cgroup (rmdir fails) and looks alive to anyone who checks.
    awaitReaped(process);
    // A process forked while the others were stopping (a cluster primary replacing a worker) is
    // still in the cgroup: kill until the group is empty, then remove it.
    cgroup.ifPresent(group -> {
      for (int round = 0; round < 5 && !group.pids().isEmpty(); round++) {
        List<ProcessHandle> left = new ArrayList<>();
        group.pids().forEach(pid -> ProcessHandle.of(pid).filter(ProcStat::running).ifPresent(left::add));
        left.forEach(ProcessHandle::destroyForcibly);
        awaitExit(left);
      }
      group.remove();
    });
    deleteDirectory(directory);
  }

  private static void awaitReaped(Process root) {
    awaitGrace(root.onExit(), "target process " + root.pid() + " to be reaped");
  }

  /** Waits, at most the grace period, for processes to exit; zombies count as exited. */
  private static void awaitExit(List<ProcessHandle> processes) {
    CompletableFuture<?>[] exits = processes.stream().filter(ProcStat::running)
        .map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
    awaitGrace(CompletableFuture.allOf(exits), "target processes to stop");
  }

  private static void awaitGrace(CompletableFuture<?> done, String what) {
    try {
      done.get(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.debug("Waited {} ms for {} in vain", STOP_GRACE_MILLIS, what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      log.debug("Waiting for {}: {}", what, e.toString());
    }
  }

  static void deleteDirectory(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("Could not delete {}: {}", dir, e.toString());
    }
  }
}
