package gauntlet.controller.plan;

import gauntlet.core.Leases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads and checks the plan's {@code target:} section. */
final class TargetSection {
  static final List<String> KEYS = List.of(
      "agent", "address", "runtime", "launcher", "cpus", "memory", "cluster", "port", "network", "health_timeout");
  static final List<String> LAUNCHERS = List.of("docker", "process");
  static final List<String> NETWORKS = TargetNetwork.names();
  static final int DEFAULT_PORT = 3000;
  static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(60);
  /** The article's {@code docker run --cpus=1 -m=512m}: what a plan gets when it says nothing. */
  static final double DEFAULT_CPUS = 1;
  static final long DEFAULT_MEMORY = 512L * 1024 * 1024;
  /** More than any machine a plan targets; a typo like 400 instead of 4 is caught here. */
  static final double MAX_CPUS = 1024;

  private final Values values;
  private final PlanSource source;

  TargetSection(Values values) {
    this.values = values;
    this.source = values.source();
  }

  TargetPlan read(YamlNode node, Map<String, AgentEndpoint> agents) {
    MapSection section = MapSection.of(source, "target", node, KEYS);
    String agent = AgentNames.reference(values, section, "agent", agents, "agent: target");
    Optional<String> address = section.optional("address").map(n -> address(section.field("address"), n));
    List<String> runtimes = runtimes(section);
    String launcher = section.optional("launcher").map(n -> choice(section.field("launcher"), n, LAUNCHERS)).orElse("");
    List<Double> cpus = cpus(section);
    List<Boolean> cluster = cluster(section);
    long memory = section.optional("memory").map(n -> memory(section.field("memory"), n, runtimes, cluster, cpus))
        .orElseGet(() -> defaultMemory(section, runtimes, cluster, cpus));
    int port = section.optional("port").map(n -> (int) values.integer(section.field("port"), n, 1, 65_535))
        .orElse(DEFAULT_PORT);
    String network = section.optional("network").map(n -> choice(section.field("network"), n, NETWORKS))
        .orElse(TargetNetwork.DEFAULT.planName());
    Duration health = section.optional("health_timeout")
        .map(n -> healthTimeout(section.field("health_timeout"), n)).orElse(DEFAULT_HEALTH_TIMEOUT);
    return new TargetPlan(agent, runtimes, launcher, cpus, memory, cluster, port, network, health, address);
  }

  private Duration healthTimeout(String field, YamlNode node) {
    Duration timeout = values.duration(field, node, false);
    if (timeout.compareTo(Leases.MAX_HEALTH_TIMEOUT) > 0) {
      throw source.error(node, field, "must be at most " + Durations.format(Leases.MAX_HEALTH_TIMEOUT)
          + " (a target that takes longer to answer is broken), got " + node.describe());
    }
    return timeout;
  }

  private String address(String field, YamlNode node) {
    try {
      return AgentAddresses.host(values.text(field, node));
    } catch (IllegalArgumentException e) {
      throw source.error(node, field, e.getMessage());
    }
  }

  private List<String> runtimes(MapSection section) {
    String field = section.field("runtime");
    YamlNode whole = section.required("runtime", "runtime: [node, bun, go]");
    List<YamlNode> items = values.oneOrMore(field, whole);
    List<String> runtimes = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String itemField = Values.item(field, whole, i);
      String text = values.text(itemField, items.get(i));
      String runtime = Runtimes.builtIn(text).orElse(text);
      if (Runtimes.builtIn(text).isEmpty() && !Runtimes.isImageReference(text)) {
        throw source.error(items.get(i), itemField, "unknown runtime " + Values.quote(text)
            + Suggestions.didYouMean(text, Runtimes.builtIn()) + " (built in: " + String.join(", ", Runtimes.builtIn())
            + "; or an image reference such as 'nginx:1.27' that the target agent allows)");
      }
      // Listed twice on purpose: an A/A control (two cells of one configuration) shows the noise floor.
      runtimes.add(runtime);
    }
    return runtimes;
  }

  private List<Double> cpus(MapSection section) {
    String field = section.field("cpus");
    YamlNode whole = section.optional("cpus").orElse(null);
    if (whole == null) {
      return List.of(DEFAULT_CPUS);
    }
    List<Double> cpus = new ArrayList<>();
    List<YamlNode> items = values.oneOrMore(field, whole);
    for (int i = 0; i < items.size(); i++) {
      String itemField = Values.item(field, whole, i);
      YamlNode item = items.get(i);
      double value = values.decimal(itemField, item).doubleValue();
      if (value < 0) {
        throw source.error(item, itemField, "must not be negative (0 means no CPU limit), got " + item.describe());
      }
      if (value > MAX_CPUS) {
        throw source.error(item, itemField, "must be at most " + (int) MAX_CPUS + ", got " + item.describe());
      }
      if (cpus.contains(value)) {
        throw source.error(item, itemField, "cpus " + Cell.formatCpus(value) + " is listed twice");
      }
      cpus.add(value);
    }
    return cpus;
  }

  private List<Boolean> cluster(MapSection section) {
    String field = section.field("cluster");
    YamlNode whole = section.optional("cluster").orElse(null);
    if (whole == null) {
      return List.of(false);
    }
    List<Boolean> cluster = new ArrayList<>();
    List<YamlNode> items = values.oneOrMore(field, whole);
    for (int i = 0; i < items.size(); i++) {
      String itemField = Values.item(field, whole, i);
      boolean value = values.bool(itemField, items.get(i));
      if (cluster.contains(value)) {
        throw source.error(items.get(i), itemField, "cluster " + value + " is listed twice");
      }
      cluster.add(value);
    }
    return cluster;
  }

  private long memory(String field, YamlNode node, List<String> runtimes, List<Boolean> cluster, List<Double> cpus) {
    long bytes;
    try {
      bytes = ByteSizes.parse(values.text(field, node));
    } catch (IllegalArgumentException e) {
      throw source.error(node, field, e.getMessage());
    }
    if (bytes == 0) {
      return 0;
    }
    highestFloor(runtimes, cluster, cpus).filter(f -> bytes < f.bytes()).ifPresent(f -> {
      throw source.error(node, field, ByteSizes.format(bytes) + " (" + node.describe() + ") is below the "
          + ByteSizes.format(f.bytes()) + " " + f.who() + "; raise it (e.g. 512m, as in the article) or write 0"
          + " for no limit");
    });
    return bytes;
  }

  /** 512 MiB like the article, unless the plan's targets need more: then the plan must say so. */
  private long defaultMemory(MapSection section, List<String> runtimes, List<Boolean> cluster, List<Double> cpus) {
    highestFloor(runtimes, cluster, cpus).filter(f -> DEFAULT_MEMORY < f.bytes()).ifPresent(f -> {
      throw source.error(section.mapping(), section.field("memory"), "the default "
          + ByteSizes.format(DEFAULT_MEMORY) + " is below the " + ByteSizes.format(f.bytes()) + " " + f.who()
          + "; set target.memory, e.g. memory: 1g (or 0 for no limit)");
    });
    return DEFAULT_MEMORY;
  }

  private record Floor(long bytes, String who) {}

  private static java.util.Optional<Floor> highestFloor(List<String> runtimes, List<Boolean> cluster,
      List<Double> cpus) {
    Floor highest = null;
    for (String runtime : runtimes) {
      for (boolean clustered : cluster) {
        for (double quota : cpus) {
          long floor = Runtimes.memoryFloorBytes(runtime, clustered, quota);
          if (highest == null || floor > highest.bytes()) {
            highest = new Floor(floor, needs(runtime, clustered, quota));
          }
        }
      }
    }
    return java.util.Optional.ofNullable(highest);
  }

  private static String needs(String runtime, boolean cluster, double cpus) {
    int processes = Runtimes.processes(runtime, cluster, cpus);
    if (Runtimes.builtIn(runtime).isEmpty()) {
      return "Docker needs for any container";
    }
    if (processes == 1) {
      return Runtimes.displayName(runtime) + " needs to serve 200 connections";
    }
    return String.format(Locale.ROOT, "a clustered %s on %s CPUs needs (%d processes: %d workers and the primary)",
        Runtimes.displayName(runtime), Cell.formatCpus(cpus), processes, processes - 1);
  }

  private String choice(String field, YamlNode node, List<String> allowed) {
    String text = values.text(field, node);
    String lower = text.toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      String choices = allowed.size() <= 2 ? String.join(" or ", allowed)
          : String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + allowed.get(allowed.size() - 1);
      throw source.error(node, field, "must be " + choices + ", got " + Values.quote(text)
          + Suggestions.didYouMean(text, allowed));
    }
    return lower;
  }
}
