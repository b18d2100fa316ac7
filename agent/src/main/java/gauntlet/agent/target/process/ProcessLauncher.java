package gauntlet.agent.target.process;

import gauntlet.agent.target.BuiltInServer;
import gauntlet.agent.target.GoServerBuild;
import gauntlet.agent.target.HealthCheck;
import gauntlet.agent.target.HostRuntimes;
import gauntlet.agent.target.ProcessIdentity;
import gauntlet.agent.target.RunningTarget;
import gauntlet.agent.target.StartCancellation;
import gauntlet.agent.target.TargetConfig;
import gauntlet.agent.target.TargetException;
import gauntlet.agent.target.TargetLabels;
import gauntlet.agent.target.TargetLauncher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the built-in servers as child processes: the article's {@code docker run --cpus -m} without
 * Docker. The quota and limit come from a cgroup where the host lets the agent make one, else the
 * CPU quota becomes an affinity to as many cores and the memory limit is not enforced (both said
 * in the target's warnings).
 */
public final class ProcessLauncher implements TargetLauncher {
  private static final Logger log = LoggerFactory.getLogger(ProcessLauncher.class);
  static final String CGROUP_PREFIX = "gauntlet-";

  private final String agentName;
  private final Path workDir;
  private final HostRuntimes runtimes;
  private final GoServerBuild goBuild;
  private final Path cgroupRoot;
  private final HealthCheck health = new HealthCheck();

  /**
   * @param agentName names the agent's cgroups, so agents sharing a host never touch each other's
   * @param workDir where each target's sources and output live while it runs
   * @param cgroupRoot the cgroup file system, normally /sys/fs/cgroup
   */
  public ProcessLauncher(String agentName, Path workDir, HostRuntimes runtimes, GoServerBuild goBuild, Path cgroupRoot) {
    this.agentName = sanitize(agentName);
    this.workDir = workDir;
    this.runtimes = runtimes;
    this.goBuild = goBuild;
    this.cgroupRoot = cgroupRoot;
  }

  public ProcessLauncher(String agentName, Path workDir, HostRuntimes runtimes, GoServerBuild goBuild) {
    this(agentName, workDir, runtimes, goBuild, Path.of("/sys/fs/cgroup"));
  }

  @Override
  public String name() {
    return "process";
  }

  @Override
  public RunningTarget start(TargetConfig config, TargetLabels labels, StartCancellation cancellation)
      throws TargetException {
    BuiltInServer server = BuiltInServer.forRuntime(config.runtime()).orElseThrow(() -> new TargetException(
        "The process launcher runs only " + String.join(", ", BuiltInServer.runtimeNames()) + ", not '"
            + config.runtime() + "'; use launcher: docker for images"));
    // A process is on the host's network whatever the plan's network says (it picks a container's).
    if (!config.bindHost().isBlank()) {
      requirePortFree(config.bindHost(), config.port());
    }
    int cores = Runtime.getRuntime().availableProcessors();
    List<String> warnings = new ArrayList<>();
    double cpus = Math.min(config.cpus(), cores);
    if (config.cpus() > cores) {
      warnings.add(String.format(Locale.ROOT, "cpus %s is more than this machine's %d cores: limited to %d",
          trim(config.cpus()), cores, cores));
    }
    List<String> command = command(server, config.cluster());
    String version = server == BuiltInServer.GO ? runtimes.status("go").version() : runtimes.status(server.runtime()).version();

    String id = prefix() + sanitize(labels.cellId()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    Path directory;
    try {
      directory = Files.createDirectories(workDir).resolve(id);
    } catch (IOException e) {
      throw new TargetException("Cannot create the agent's work folder " + workDir + ": " + e.getMessage());
    }
    server.extractTo(directory);
    // Recorded before anything runs, so that an agent that dies from here on leaves nothing the
    // next one cannot find: the folder, then the cgroups, then the server's pid and start time.
    TargetRecord record = TargetRecord.of(labels);
    record.writeTo(directory);
    Optional<Cgroup> cgroup = CgroupV2.create(cgroupRoot, id, cpus, config.memoryBytes())
        .or(() -> CgroupV1.create(cgroupRoot, id, cpus, config.memoryBytes()));
    if (cgroup.isPresent()) {
      record = record.withCgroups(cgroup.get().directories());
      record.writeTo(directory);
    }
    // What is in force, reported as the target's limits: the ledger must not claim a quota or a
    // memory limit that nothing applied.
    double cpusInForce = cpus;
    long memoryInForce = config.memoryBytes();
    if (cgroup.isPresent()) {
      command = cgroup.get().wrap(command);
    } else {
      memoryInForce = 0;
      if (cpus > 0) {
        int n = Math.max(1, (int) Math.ceil(cpus));
        List<String> pinned = withAffinity(command, n, warnings);
        cpusInForce = pinned == command ? 0 : n;
        command = pinned;
      }
      if (config.memoryBytes() > 0) {
        warnings.add("memory limit not enforced: cgroups are not writable for the agent here");
      }
    }

    Path output = directory.resolve("output.log");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(directory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    environment(builder.environment(), config, server, cores);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      cgroup.ifPresent(Cgroup::remove);
      ProcessTarget.deleteDirectory(directory);
      throw new TargetException("Cannot start the " + server.runtime() + " server (" + String.join(" ", command) + "): "
          + e.getMessage());
    }
    ProcessTarget target = new ProcessTarget(process, cgroup, directory, output, cpusInForce, memoryInForce,
        warnings, version);
    try {
      Optional<ProcessIdentity> started = ProcessIdentity.of(process.pid());
      if (started.isPresent()) {
        record.withProcess(started.get()).writeTo(directory);
      }
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
    log.info("Started {} as pid {} ({})", server.runtime(), process.pid(),
        cgroup.map(Cgroup::describe).orElse(warnings.isEmpty() ? "no limits" : String.join("; ", warnings)));
    try {
      health.awaitHealthy(server.runtime() + " process", healthUrl(config), config.healthTimeout(), target::alive,
          () -> target.outputTail(30), cancellation);
      return target;
    } catch (TargetException | RuntimeException e) {
      target.close();
      throw e;
    }
  }

  private List<String> command(BuiltInServer server, boolean cluster) throws TargetException {
    return switch (server) {
      case NODE -> List.of(runtimes.status("node").require().toString(), cluster ? "cluster.js" : "server.js");
      case BUN -> List.of(runtimes.status("bun").require().toString(), cluster ? "cluster.js" : "server.js");
      case GO -> List.of(goBuild.binary().toString());
    };
  }

  private static void environment(Map<String, String> env, TargetConfig config, BuiltInServer server, int cores) {
    env.put("PORT", Integer.toString(config.port()));
    if (!config.bindHost().isBlank() && !config.bindHost().equals("0.0.0.0")) {
      env.put("HOST", config.bindHost());
    } else {
      env.remove("HOST");
    }
    int workers = config.workers(cores);
    switch (server) {
      case NODE -> env.put("WORKERS", Integer.toString(workers));
      case BUN -> env.put("INSTANCES", Integer.toString(workers));
      // Go schedules goroutines over GOMAXPROCS threads: as many as the quota allows.
      case GO -> env.put("GOMAXPROCS", Integer.toString(config.cpus() > 0 ? workers : cores));
    }
  }

  private static List<String> withAffinity(List<String> command, int cores, List<String> warnings) {
    Optional<Path> taskset = Stream.of("/usr/bin/taskset", "/bin/taskset").map(Path::of).filter(Files::isExecutable).findFirst();
    if (taskset.isEmpty()) {
      warnings.add("CPU quota not enforced: cgroups are not writable and taskset is missing");
      return command;
    }
    warnings.add("CPU quota applied as affinity to cores 0-" + (cores - 1) + ": cgroups are not writable here");
    List<String> pinned = new ArrayList<>(List.of(taskset.get().toString(), "-c", "0-" + (cores - 1)));
    pinned.addAll(command);
    return pinned;
  }

  private static void requirePortFree(String host, int port) throws TargetException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new TargetException("Port " + port + " on " + host + " is already in use by another program; stop it or "
          + "choose another target.port in the plan");
    }
  }

  static URI healthUrl(TargetConfig config) {
    String host = config.bindHost();
    if (host.isBlank() || host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    } else if (host.equals("::")) {
      host = "[::1]";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + config.port() + config.healthPath());
  }

  /** Every cgroup of this agent's targets starts with this, so a look at the cgroups tells whose they are. */
  private String prefix() {
    return CGROUP_PREFIX + agentName + "--";
  }

  /**
   * Stops the servers and removes the cgroups and folders of targets whose agent instance is
   * provably gone (its process ended, or ran before this boot), whatever the agent's name; targets
   * of live agents sharing the work folder stay. Returns one line per target removed, for the log.
   */
  public List<String> removeLeftovers() {
    return LeftoverTargets.removeFrom(workDir);
  }

  @Override
  public void close() {
    // Targets are closed by their sessions; the launcher holds nothing of its own.
  }

  private static String sanitize(String value) {
    String clean = value.replaceAll("[^A-Za-z0-9_.-]", "_");
    return clean.length() > 40 ? clean.substring(0, 40) : clean;
  }

  private static String trim(double cpus) {
    return cpus == Math.rint(cpus) ? Long.toString((long) cpus) : Double.toString(cpus);
  }
}
