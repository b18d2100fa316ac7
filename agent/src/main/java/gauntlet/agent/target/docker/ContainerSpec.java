package gauntlet.agent.target.docker;

import gauntlet.agent.target.BuiltInServer;
import gauntlet.agent.target.NetworkMode;
import gauntlet.agent.target.TargetConfig;
import gauntlet.agent.target.TargetLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One container, as the article's {@code docker run --cpus=N -m=M -p HOST:PORT:PORT --name ...}
 * would start it: what the launcher hands the engine, decided without talking to it.
 *
 * @param name unique container name, {@code gauntlet-<run>-<cell>-<suffix>}
 * @param image tag or id to run
 * @param command replaces the image's command; empty keeps it
 * @param env {@code KEY=value} pairs
 * @param labels who the container belongs to
 * @param cpus effective CPU quota after clamping; 0 is unlimited
 * @param memoryBytes memory limit, swap included (no swap); 0 is unlimited
 * @param network bridge with a published port, or the host's network
 * @param bindHost host address the port is published on (bridge) or the server binds (host)
 * @param port the server's port, inside and outside the container
 * @param warnings what the user should know about how the limits were applied
 */
record ContainerSpec(
    String name,
    String image,
    List<String> command,
    List<String> env,
    Map<String, String> labels,
    double cpus,
    long memoryBytes,
    NetworkMode network,
    String bindHost,
    int port,
    List<String> warnings) {

  private static final int NAME_PART_LIMIT = 40;

  ContainerSpec {
    command = List.copyOf(command);
    env = List.copyOf(env);
    labels = Map.copyOf(labels);
    warnings = List.copyOf(warnings);
  }

  /**
   * The container of a built-in server, or of an allowed image when {@code server} is empty.
   *
   * @param engineCpus CPUs the engine has: a larger quota is clamped to it (docker refuses more)
   * @param suffix makes the name unique among this cell's attempts
   */
  static ContainerSpec of(
      Optional<BuiltInServer> server,
      String image,
      TargetConfig config,
      TargetLabels labels,
      int engineCpus,
      String suffix) {
    List<String> warnings = new ArrayList<>();
    double cpus = config.cpus();
    if (cpus > engineCpus) {
      warnings.add("cpus " + formatCpus(cpus) + " is more than the " + engineCpus
          + " CPUs of the Docker engine: clamped to " + engineCpus);
      cpus = engineCpus;
    }
    int workers = config.workers(engineCpus);
    List<String> command = new ArrayList<>();
    List<String> env = new ArrayList<>();
    env.add("PORT=" + config.port());
    if (config.network() == NetworkMode.HOST) {
      // On the host's network the server binds where the plan says, not on every address.
      env.add("HOST=" + hostVariable(server, config.bindHost()));
    }
    if (server.isPresent() && config.cluster()) {
      switch (server.get()) {
        case NODE -> {
          command.addAll(List.of("node", "cluster.js"));
          env.add("WORKERS=" + workers);
        }
        case BUN -> {
          command.addAll(List.of("bun", "cluster.js"));
          env.add("INSTANCES=" + workers);
        }
        case GO -> env.add("GOMAXPROCS=" + workers);
      }
    } else if (server.isEmpty() && config.cluster()) {
      warnings.add("cluster applies to the built-in servers only: image " + image + " runs its own command");
    }
    String name = "gauntlet-" + namePart(labels.runId()) + "-" + namePart(labels.cellId()) + "-" + suffix;
    return new ContainerSpec(
        name, image, command, env, labels.asMap(), cpus, config.memoryBytes(), config.network(),
        config.bindHost(), config.port(), warnings);
  }

  /** Docker's {@code NanoCpus}: the quota in billionths of a CPU; 0 is unlimited. */
  long nanoCpus() {
    return Math.round(cpus * 1e9);
  }

  private static String hostVariable(Optional<BuiltInServer> server, String bindHost) {
    // Go joins HOST and PORT with a colon, so an IPv6 address needs its brackets; Node and Bun take it bare.
    if (server.equals(Optional.of(BuiltInServer.GO)) && bindHost.contains(":") && !bindHost.startsWith("[")) {
      return "[" + bindHost + "]";
    }
    return bindHost;
  }

  private static String namePart(String value) {
    String cleaned = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^[-_.]+", "");
    if (cleaned.isEmpty()) {
      cleaned = "x";
    }
    return cleaned.length() > NAME_PART_LIMIT ? cleaned.substring(0, NAME_PART_LIMIT) : cleaned;
  }

  private static String formatCpus(double cpus) {
    return cpus == Math.rint(cpus) ? Long.toString((long) cpus) : Double.toString(cpus);
  }
}
