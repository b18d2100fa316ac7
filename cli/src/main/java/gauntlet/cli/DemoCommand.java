package gauntlet.cli;

import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentSettings;
import gauntlet.agent.target.ServerPorts;
import gauntlet.controller.plan.AgentEndpoint;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.PlanParser;
import gauntlet.controller.run.AgentConnection;
import gauntlet.v1.AgentInfo;
import gauntlet.v1.RuntimeInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gauntlet demo}: the article's localhost phase on this machine — Node, Bun and Go, one CPU
 * and 512 MiB each, loaded in turn — through an in-process agent reached over real gRPC.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Benchmarks Node, Bun and Go on this machine (docker if an engine answers, else processes) "
        + "and prints the ledger.")
final class DemoCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class,
      description = "Measured time per runtime (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "2s", converter = DurationConverter.class,
      description = "Load before measuring, per runtime (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--runtime", split = ",", defaultValue = "node,bun,go", description = "Runtimes (default ${DEFAULT-VALUE}).")
  List<String> runtimes;

  @Option(names = "--cpus", defaultValue = "1", description = "CPU quota of each server (default ${DEFAULT-VALUE}).")
  double cpus;

  @Option(names = "--memory", defaultValue = "512m", description = "Memory limit of each server (default ${DEFAULT-VALUE}).")
  String memory;

  @Option(names = "--cluster", description = "Run the clustered variants (node cluster, N bun instances).")
  boolean cluster;

  @Option(names = {"-t", "--threads"}, defaultValue = "1", description = "Load event loops (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = {"-c", "--connections"}, defaultValue = "64", description = "Connections (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--launcher", description = "docker or process (default: docker when an engine answers).")
  String launcher;

  @Option(names = "--network", defaultValue = "auto",
      description = "Docker network path: auto, bridge, published (the article's -p, through docker-proxy) or host"
          + " (default ${DEFAULT-VALUE}).")
  String network;

  @Option(names = "--port", defaultValue = "0", description = "Server port (default: a free one).")
  int port;

  @Option(names = "--out", paramLabel = "DIR", description = "Where results go (default: results/demo-<time>).")
  Path out;

  @Mixin
  MetricsOptions metrics;

  @Mixin
  RepetitionOptions repetitions;

  @Override
  public Integer call() {
    metrics.check();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = out != null ? out : RunCommand.defaultOut("demo");
    ResultsFolders.checkWritable(dir);
    AgentSettings settings = new AgentSettings("local", "127.0.0.1", 0, AgentSettings.DEFAULT_LEASE,
        AgentLimitsConfig.DEFAULT, Set.of(), Optional.empty(), Optional.ofNullable(launcher), LocalAgent.workDir());
    Dialer dialer = Dialer.plaintext(() -> LocalAgent.start(settings));
    Plan plan;
    try {
      AgentInfo info;
      try (AgentConnection connection = dialer.dial(AgentEndpoint.local("local"))) {
        info = connection.describe();
      }
      String chosen = launcher != null ? launcher : info.getDefaultLauncher();
      err.println("gauntlet demo: " + launcherNote(info, chosen));
      List<String> runnable = runnableRuntimes(info, chosen, err);
      int serverPort = port > 0 ? port : ServerPorts.freeLoopbackPort();
      plan = repetitions.apply(PlanParser.parse(planYaml(chosen, runnable, serverPort), "demo"));
    } catch (RuntimeException e) {
      dialer.close();
      throw e;
    }
    return RunExecution.execute(plan, dialer, dir,
        AgentSettings.DEFAULT_LEASE, metrics, spec.commandLine().getOut(), err);
  }

  private static String launcherNote(AgentInfo info, String chosen) {
    if (chosen.equals("docker")) {
      return "targets run in Docker containers (a Docker engine answers), as in the article";
    }
    String why = info.getUnavailableLaunchersOrDefault("docker", "");
    return "targets run as processes" + (why.isEmpty() ? "" : ": " + why);
  }

  /** The process launcher needs the runtimes on this host; skip (and say) what is missing. */
  private List<String> runnableRuntimes(AgentInfo info, String chosen, PrintWriter err) {
    if (!chosen.equals("process")) {
      return runtimes;
    }
    List<String> runnable = new ArrayList<>();
    for (String runtime : runtimes) {
      Optional<RuntimeInfo> status = info.getRuntimesList().stream().filter(r -> r.getName().equals(runtime)).findFirst();
      if (status.isPresent() && !status.get().getAvailable()) {
        err.println("gauntlet demo: skipping " + runtime + ": " + status.get().getDetail());
      } else {
        runnable.add(runtime);
      }
    }
    if (runnable.isEmpty()) {
      throw new gauntlet.controller.run.PreflightException(
          "None of " + runtimes + " can run here; install them with scripts/setup.sh --runtimes");
    }
    return runnable;
  }

  private String planYaml(String chosenLauncher, List<String> runnable, int serverPort) {
    return String.join("\n",
        "name: demo",
        "agents:",
        "  local: local",
        "target:",
        "  agent: local",
        "  runtime: [" + String.join(", ", runnable) + "]",
        "  launcher: " + chosenLauncher,
        "  cpus: " + Double.toString(cpus),
        "  memory: " + memory,
        "  cluster: " + cluster,
        "  port: " + serverPort,
        "  network: " + network,
        "load:",
        "  agents: [local]",
        "  url: http://{target}:" + serverPort + "/json",
        "  threads: " + threads,
        "  connections: " + connections,
        "  duration: " + duration.toMillis() + "ms",
        "  warmup: " + warmup.toMillis() + "ms",
        "  probe: 0s",
        "");
  }


}
