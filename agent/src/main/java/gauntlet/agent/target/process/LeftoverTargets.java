package gauntlet.agent.target.process;

import gauntlet.agent.target.ProcessIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops and removes the process targets that agent instances left behind when they died (kill -9,
 * a crash, a reboot): their servers, which run on as children of init when no cgroup held them,
 * their cgroups and their folders. Targets of live agents, whatever their name, are not touched.
 */
final class LeftoverTargets {
  private static final Logger log = LoggerFactory.getLogger(LeftoverTargets.class);
  private static final long EXIT_WAIT_SECONDS = 5;

  private LeftoverTargets() {}

  /** Sweeps {@code workDir}; returns one line per target removed. */
  static List<String> removeFrom(Path workDir) {
    if (!Files.isDirectory(workDir)) {
      return List.of();
    }
    List<Path> folders;
    try (Stream<Path> list = Files.list(workDir)) {
      folders = list.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      log.warn("Cannot list {} to remove what crashed agents left there: {}", workDir, e.toString());
      return List.of();
    }
    List<String> removed = new ArrayList<>();
    for (Path folder : folders) {
      TargetRecord.readFrom(folder).flatMap(record -> removeIfOwnerGone(folder, record)).ifPresent(removed::add);
    }
    return removed;
  }

  private static Optional<String> removeIfOwnerGone(Path folder, TargetRecord record) {
    String why = switch (record.owner().liveness()) {
      case DEAD -> "its process " + record.owner().pid() + " has ended";
      case OTHER_BOOT -> "it ran before this machine booted";
      case ALIVE, UNKNOWN -> "";
    };
    if (why.isEmpty()) {
      return Optional.empty();
    }
    List<String> done = new ArrayList<>();
    record.process().filter(p -> p.liveness() == ProcessIdentity.Liveness.ALIVE)
        .flatMap(p -> ProcessHandle.of(p.pid()))
        .ifPresent(root -> done.add("stopped server pid " + root.pid() + killTree(root)));
    for (Path cgroup : record.cgroups()) {
      List<ProcessHandle> members = new ArrayList<>();
      CgroupFiles.readPids(cgroup.resolve("cgroup.procs")).forEach(pid -> ProcessHandle.of(pid).ifPresent(members::add));
      kill(members);
      CgroupFiles.removeDirectory(cgroup);
      done.add("removed cgroup " + cgroup + (members.isEmpty() ? "" : " (killed " + pids(members) + ")"));
    }
    ProcessTarget.deleteDirectory(folder);
    done.add("removed folder " + folder);
    String line = "target of agent '" + record.agentName() + "' (instance " + record.ownerInstance() + ", " + why
        + "), run '" + record.runId() + "': " + String.join(", ", done);
    log.info("Removed the {}", line);
    return Optional.of(line);
  }

  /** Kills a server and every process it forked; says how many more there were. */
  private static String killTree(ProcessHandle root) {
    List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
    all.add(0, root);
    kill(all);
    return all.size() > 1 ? " and " + (all.size() - 1) + " it forked " + pids(all.subList(1, all.size())) : "";
  }

  private static void kill(List<ProcessHandle> processes) {
    processes.forEach(ProcessHandle::destroyForcibly);
    CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(exits).get(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      log.warn("Leftover processes {} did not exit within {} s of SIGKILL", pids(processes), EXIT_WAIT_SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<Long> pids(List<ProcessHandle> processes) {
    return processes.stream().map(ProcessHandle::pid).toList();
  }
}
