package gauntlet.controller.plan;

import gauntlet.controller.plan.YamlNode.Mapping;
import gauntlet.controller.plan.YamlNode.Scalar;
import gauntlet.controller.plan.YamlNode.Sequence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a plan (DESIGN.md's format) and checks everything that can be checked without the agents.
 * Every mistake is one {@link PlanException} naming the file, line and column, the field, the
 * offending value and what is allowed.
 */
public final class PlanParser {
  static final Set<String> RUNTIMES = Set.of("node", "bun", "go");
  static final Set<String> LAUNCHERS = Set.of("docker", "process");
  static final Set<String> NETWORKS = Set.of("bridge", "host");
  /** Below these a runtime cannot even start; the article ran every server in 512 MiB. */
  static final Map<String, Long> MEMORY_FLOORS = Map.of("node", 64L << 20, "bun", 64L << 20, "go", 16L << 20);

  private static final Set<String> TOP_KEYS = Set.of("name", "agents", "auth", "tls", "target", "load", "on_agent_loss");
  private static final Set<String> AUTH_KEYS = Set.of("token_file");
  private static final Set<String> TLS_KEYS = Set.of("ca", "cert", "key");
  private static final Set<String> TARGET_KEYS = Set.of("agent", "runtime", "launcher", "cpus", "memory", "cluster",
      "port", "network", "health_timeout");
  private static final Set<String> LOAD_KEYS = Set.of("agents", "url", "threads", "connections", "duration",
      "warmup", "timeout", "rate", "probe", "separate_from_target");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final Pattern MEMORY = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
  private static final Pattern AGENT_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  private final String source;
  private final Path baseDir;

  private PlanParser(String source, Path baseDir) {
    this.source = source;
    this.baseDir = baseDir;
  }

  /** Reads and checks the plan in {@code file}. */
  public static Plan parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PlanException("Cannot read the plan " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new PlanException("Cannot read the plan " + file + ": it is not UTF-8 text", e);
    }
    Path parent = file.toAbsolutePath().getParent();
    return new PlanParser(file.toString(), parent == null ? Path.of(".") : parent).plan(text);
  }

  /**
   * Reads and checks a plan held in memory.
   *
   * @param source how messages name it, e.g. {@code plan.yaml}
   */
  public static Plan parse(String text, String source) {
    return new PlanParser(source, Path.of(".")).plan(text);
  }

  private Plan plan(String text) {
    YamlNode root = new YamlReader(source).read(text);
    Mapping top = mapping(root, "the plan");
    checkKeys(top, "", TOP_KEYS);

    String name = optional(top, "name").map(n -> string(n, "name")).orElse(defaultName());
    if (!AGENT_NAME.matcher(name).matches()) {
      throw error(top.entries().get("name"), "name", "must be letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    Map<String, AgentEndpoint> agents = agents(required(top, "agents", "the plan"));
    Optional<Path> tokenFile = optional(top, "auth").map(a -> auth(a));
    Optional<TlsSettings> tls = optional(top, "tls").map(t -> tls(t));
    TargetPlan target = target(required(top, "target", "the plan"), agents);
    LoadPlan load = load(required(top, "load", "the plan"), agents, target);
    AgentLossPolicy onLoss = optional(top, "on_agent_loss")
        .map(n -> choice(n, "on_agent_loss", Set.of("continue", "abort")))
        .map(v -> AgentLossPolicy.valueOf(v.toUpperCase(Locale.ROOT)))
        .orElse(AgentLossPolicy.CONTINUE);
    return new Plan(name, agents, tokenFile, tls, target, load, onLoss, Matrix.expand(target));
  }

  private String defaultName() {
    String file = Path.of(source).getFileName().toString().replaceFirst("\\.ya?ml$", "");
    String clean = file.replaceAll("[^A-Za-z0-9_.-]", "-");
    return clean.isEmpty() ? "plan" : clean;
  }

  // ---------------------------------------------------------------------------------------------
  // Sections

  private Map<String, AgentEndpoint> agents(YamlNode node) {
    Mapping mapping = mapping(node, "agents");
    if (mapping.entries().isEmpty()) {
      throw error(node, "agents", "names no agent; add one, e.g. 'local: local'");
    }
    Map<String, AgentEndpoint> agents = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> entry : mapping.entries().entrySet()) {
      String agentName = entry.getKey();
      String path = "agents." + agentName;
      if (!AGENT_NAME.matcher(agentName).matches()) {
        throw errorAt(mapping.keyPositions().get(agentName), "agents",
            "agent name '" + agentName + "' must be letters, digits, '.', '_' or '-'");
      }
      String address = string(entry.getValue(), path);
      agents.put(agentName, endpoint(agentName, address, entry.getValue(), path));
    }
    return agents;
  }

  private AgentEndpoint endpoint(String agentName, String address, YamlNode node, String path) {
    if (address.equals(AgentEndpoint.LOCAL)) {
      return AgentEndpoint.local(agentName);
    }
    int colon = address.lastIndexOf(':');
    String host = colon > 0 ? address.substring(0, colon) : "";
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw error(node, path, "IPv6 addresses go in brackets, e.g. '[::1]:7070', got '" + address + "'");
    }
    int port = -1;
    if (colon > 0) {
      try {
        port = Integer.parseInt(address.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    if (host.isBlank() || port < 1 || port > 65_535 || host.contains(" ") || host.contains("/")) {
      throw error(node, path, "must be 'local' or host:port of a running `gauntlet agent`, got '" + address + "'");
    }
    return new AgentEndpoint(agentName, host, port);
  }

  private Path auth(YamlNode node) {
    Mapping auth = mapping(node, "auth");
    checkKeys(auth, "auth.", AUTH_KEYS);
    YamlNode file = required(auth, "token_file", "auth");
    return existingFile(file, "auth.token_file");
  }

  private TlsSettings tls(YamlNode node) {
    Mapping tls = mapping(node, "tls");
    checkKeys(tls, "tls.", TLS_KEYS);
    Path ca = existingFile(required(tls, "ca", "tls"), "tls.ca");
    Optional<Path> cert = optional(tls, "cert").map(n -> existingFile(n, "tls.cert"));
    Optional<Path> key = optional(tls, "key").map(n -> existingFile(n, "tls.key"));
    if (cert.isPresent() != key.isPresent()) {
      YamlNode given = tls.entries().getOrDefault("cert", tls.entries().get("key"));
      throw error(given, cert.isPresent() ? "tls.key" : "tls.cert",
          "is needed with " + (cert.isPresent() ? "tls.cert" : "tls.key") + " for mutual TLS");
    }
    return new TlsSettings(ca, cert, key);
  }

  private TargetPlan target(YamlNode node, Map<String, AgentEndpoint> agents) {
    Mapping target = mapping(node, "target");
    checkKeys(target, "target.", TARGET_KEYS);
    String agent = agentRef(required(target, "agent", "target"), "target.agent", agents);
    List<String> runtimes = distinct(oneOrMany(required(target, "runtime", "target"), "target.runtime", this::runtime),
        target.entries().get("runtime"), "target.runtime");
    String launcher = optional(target, "launcher").map(n -> choice(n, "target.launcher", LAUNCHERS)).orElse("");
    List<Double> cpus = distinct(optional(target, "cpus").map(n -> oneOrMany(n, "target.cpus", this::cpus))
        .orElse(List.of(1.0)), target.entries().get("cpus"), "target.cpus");
    long memory = optional(target, "memory").map(n -> memory(n, "target.memory")).orElse(512L << 20);
    for (String runtime : runtimes) {
      Long floor = MEMORY_FLOORS.get(runtime);
      if (memory > 0 && floor != null && memory < floor) {
        throw error(target.entries().get("memory"), "target.memory", String.format(Locale.ROOT,
            "%s needs at least %d MiB to start, got %s", runtime, floor >> 20, describeBytes(memory)));
      }
    }
    List<Boolean> cluster = distinct(optional(target, "cluster").map(n -> oneOrMany(n, "target.cluster", this::bool))
        .orElse(List.of(false)), target.entries().get("cluster"), "target.cluster");
    int port = optional(target, "port").map(n -> integer(n, "target.port", 1, 65_535)).orElse(3000);
    String network = optional(target, "network").map(n -> choice(n, "target.network", NETWORKS)).orElse("bridge");
    Duration health = optional(target, "health_timeout").map(n -> positiveDuration(n, "target.health_timeout"))
        .orElse(Duration.ofSeconds(60));
    return new TargetPlan(agent, runtimes, launcher, cpus, memory, cluster, port, network, health);
  }

  private LoadPlan load(YamlNode node, Map<String, AgentEndpoint> agents, TargetPlan target) {
    Mapping load = mapping(node, "load");
    checkKeys(load, "load.", LOAD_KEYS);
    List<String> loaders = distinct(oneOrMany(required(load, "agents", "load"), "load.agents",
        (n, p) -> agentRef(n, p, agents)), load.entries().get("agents"), "load.agents");
    boolean separate = optional(load, "separate_from_target").map(n -> bool(n, "load.separate_from_target")).orElse(false);
    if (separate && loaders.contains(target.agent())) {
      throw error(load.entries().get("agents"), "load.agents", "includes the target agent '" + target.agent()
          + "' although load.separate_from_target is true; load from another agent");
    }
    YamlNode urlNode = required(load, "url", "load");
    String url = url(urlNode);
    int threads = optional(load, "threads").map(n -> integer(n, "load.threads", 1, 1024)).orElse(2);
    int connections = optional(load, "connections").map(n -> integer(n, "load.connections", 1, 1_000_000)).orElse(200);
    if (connections < threads) {
      throw error(load.entries().get("connections"), "load.connections", "must be at least load.threads ("
          + threads + "), got " + connections);
    }
    Duration duration = optional(load, "duration").map(n -> positiveDuration(n, "load.duration")).orElse(Duration.ofSeconds(30));
    Duration warmup = optional(load, "warmup").map(n -> duration(n, "load.warmup")).orElse(Duration.ZERO);
    Duration timeout = optional(load, "timeout").map(n -> positiveDuration(n, "load.timeout")).orElse(Duration.ofSeconds(2));
    double rate = optional(load, "rate").map(n -> number(n, "load.rate")).orElse(0.0);
    if (rate < 0) {
      throw error(load.entries().get("rate"), "load.rate", "must be 0 (closed model) or a positive requests/second, got "
          + YamlNode.describe(load.entries().get("rate")));
    }
    Duration probe = optional(load, "probe").map(n -> duration(n, "load.probe")).orElse(Duration.ofSeconds(3));
    if (probe.compareTo(Duration.ofSeconds(30)) > 0) {
      throw error(load.entries().get("probe"), "load.probe", "must be at most 30s of throughput probing, got "
          + YamlNode.describe(load.entries().get("probe")));
    }
    return new LoadPlan(loaders, url, threads, connections, duration, warmup, timeout, rate, probe, separate);
  }

  private String url(YamlNode node) {
    String url = string(node, "load.url");
    Matcher placeholders = PLACEHOLDER.matcher(url);
    while (placeholders.find()) {
      if (!placeholders.group(1).equals("target")) {
        throw error(node, "load.url", "has an unknown placeholder {" + placeholders.group(1)
            + "}; the only one is {target}" + Suggestions.hint(placeholders.group(1), Set.of("target")));
      }
    }
    String concrete = url.replace("{target}", "placeholder.invalid");
    java.net.URI uri;
    try {
      uri = new java.net.URI(concrete);
    } catch (java.net.URISyntaxException e) {
      throw error(node, "load.url", "is not a valid URL: '" + url + "' (" + e.getReason() + ")");
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw error(node, "load.url", "must be an http:// URL such as http://{target}:3000/json, got '" + url + "'");
    }
    return url;
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  private String runtime(YamlNode node, String path) {
    String runtime = string(node, path);
    if (RUNTIMES.contains(runtime) || runtime.contains(":") || runtime.contains("/")) {
      return runtime;
    }
    throw error(node, path, "unknown runtime '" + runtime + "'; use node, bun, go or an image reference such as "
        + "nginx:alpine" + Suggestions.hint(runtime, RUNTIMES));
  }

  private Double cpus(YamlNode node, String path) {
    double cpus = number(node, path);
    if (cpus < 0 || cpus > 1024) {
      throw error(node, path, "must be between 0 (unlimited) and 1024 CPUs, got " + YamlNode.describe(node));
    }
    return cpus;
  }

  private String agentRef(YamlNode node, String path, Map<String, AgentEndpoint> agents) {
    String name = string(node, path);
    if (!agents.containsKey(name)) {
      throw error(node, path, "names agent '" + name + "', which is not under agents:"
          + Suggestions.hint(name, agents.keySet()));
    }
    return name;
  }

  private String choice(YamlNode node, String path, Set<String> allowed) {
    String value = string(node, path);
    if (!allowed.contains(value)) {
      throw error(node, path, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ", got '"
          + value + "'" + Suggestions.hint(value, allowed));
    }
    return value;
  }

  private String string(YamlNode node, String path) {
    if (node instanceof Scalar s && s.kind() != Scalar.Kind.NULL && !s.text().isBlank()) {
      return s.text().trim();
    }
    throw error(node, path, "must be a non-empty value, got " + YamlNode.describe(node));
  }

  private int integer(YamlNode node, String path, int min, int max) {
    if (node instanceof Scalar s && s.kind() == Scalar.Kind.INTEGER) {
      try {
        long value = Long.parseLong(s.text());
        if (value >= min && value <= max) {
          return (int) value;
        }
      } catch (NumberFormatException e) {
        // Falls through to the message below.
      }
    }
    throw error(node, path, "must be a whole number from " + min + " to " + max + ", got " + YamlNode.describe(node));
  }

  private double number(YamlNode node, String path) {
    if (node instanceof Scalar s && (s.kind() == Scalar.Kind.INTEGER || s.kind() == Scalar.Kind.DECIMAL)) {
      try {
        double value = Double.parseDouble(s.text());
        if (Double.isFinite(value)) {
          return value;
        }
      } catch (NumberFormatException e) {
        // Falls through to the message below.
      }
    }
    throw error(node, path, "must be a number, got " + YamlNode.describe(node));
  }

  private Boolean bool(YamlNode node, String path) {
    if (node instanceof Scalar s && s.kind() == Scalar.Kind.BOOLEAN) {
      return Boolean.parseBoolean(s.text());
    }
    throw error(node, path, "must be true or false, got " + YamlNode.describe(node));
  }

  private Duration positiveDuration(YamlNode node, String path) {
    Duration d = duration(node, path);
    if (d.isZero()) {
      throw error(node, path, "must be positive, got " + YamlNode.describe(node));
    }
    return d;
  }

  /** "30s", "500ms", "2m", "1h", "1m30s"; zero allowed, negative and bare numbers not. */
  private Duration duration(YamlNode node, String path) {
    if (node instanceof Scalar s && (s.kind() == Scalar.Kind.INTEGER || s.kind() == Scalar.Kind.DECIMAL)) {
      if (s.text().startsWith("-")) {
        throw error(node, path, "must be positive, got '" + s.text() + "'");
      }
      throw error(node, path, "needs a unit, e.g. '" + s.text() + "s' or '" + s.text() + "ms'; got '" + s.text() + "'");
    }
    String text = string(node, path);
    if (text.startsWith("-")) {
      throw error(node, path, "must be positive, got '" + text + "'");
    }
    Matcher m = DURATION_PART.matcher(text);
    long nanos = 0;
    int at = 0;
    while (at < text.length() && m.find(at) && m.start() == at) {
      double amount = Double.parseDouble(m.group(1));
      double unit = switch (m.group(2)) {
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      nanos += (long) (amount * unit);
      at = m.end();
    }
    if (at != text.length() || at == 0) {
      throw error(node, path, "must be a duration such as 30s, 500ms, 2m or 1m30s, got '" + text + "'");
    }
    if (nanos > Duration.ofDays(1).toNanos()) {
      throw error(node, path, "must be at most a day, got '" + text + "'");
    }
    return Duration.ofNanos(nanos);
  }

  /** Docker's spelling: 512m, 1g, 256MiB, or bytes; 0 means unlimited. */
  private long memory(YamlNode node, String path) {
    String text = node instanceof Scalar s && s.kind() == Scalar.Kind.INTEGER ? s.text() : string(node, path);
    Matcher m = MEMORY.matcher(text.trim());
    if (!m.matches()) {
      throw error(node, path, "must be a size such as 512m, 1g or 256MiB, got '" + text + "'");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long multiplier = switch (unit.charAt(0)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      default -> 1;
    };
    double bytes = amount * multiplier;
    if (bytes > (1L << 50)) {
      throw error(node, path, "is larger than any machine, got '" + text + "'");
    }
    return (long) bytes;
  }

  private Path existingFile(YamlNode node, String path) {
    String text = string(node, path);
    Path file = text.startsWith("~/") ? Path.of(System.getProperty("user.home"), text.substring(2)) : Path.of(text);
    if (!file.isAbsolute()) {
      file = baseDir.resolve(file);
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw error(node, path, "names '" + text + "', which is not a readable file (looked at " + file + ")");
    }
    return file;
  }

  private <T> List<T> oneOrMany(YamlNode node, String path, BiFunction<YamlNode, String, T> element) {
    if (node instanceof Sequence seq) {
      if (seq.items().isEmpty()) {
        throw error(node, path, "is an empty list; give at least one value");
      }
      List<T> values = new ArrayList<>();
      for (int i = 0; i < seq.items().size(); i++) {
        values.add(element.apply(seq.items().get(i), path + "[" + i + "]"));
      }
      return values;
    }
    return List.of(element.apply(node, path));
  }

  private <T> List<T> distinct(List<T> values, YamlNode node, String path) {
    Set<T> seen = new LinkedHashSet<>(values);
    if (seen.size() != values.size()) {
      throw error(node, path, "lists a value twice: " + values);
    }
    return values;
  }

  // ---------------------------------------------------------------------------------------------
  // Structure

  private Mapping mapping(YamlNode node, String path) {
    if (node instanceof Mapping m) {
      return m;
    }
    throw error(node, path, "must be a mapping of keys to values, got " + YamlNode.describe(node));
  }

  private Optional<YamlNode> optional(Mapping mapping, String key) {
    YamlNode node = mapping.entries().get(key);
    if (node instanceof Scalar s && s.kind() == Scalar.Kind.NULL) {
      return Optional.empty();
    }
    return Optional.ofNullable(node);
  }

  private YamlNode required(Mapping mapping, String key, String section) {
    return optional(mapping, key).orElseThrow(() -> errorAt(new int[] {mapping.line(), mapping.column()},
        section.equals("the plan") ? key : section + "." + key,
        "is missing from " + (section.equals("the plan") ? "the plan" : section + ":")));
  }

  private void checkKeys(Mapping mapping, String prefix, Set<String> known) {
    for (String key : mapping.entries().keySet()) {
      if (!known.contains(key)) {
        throw errorAt(mapping.keyPositions().get(key), prefix + key, "is not a plan key"
            + Suggestions.hint(key, known) + "; known here: " + String.join(", ", new java.util.TreeSet<>(known)));
      }
    }
  }

  private PlanException error(YamlNode node, String path, String message) {
    return node == null ? new PlanException(source + ": " + path + ": " + message)
        : errorAt(new int[] {node.line(), node.column()}, path, message);
  }

  private PlanException errorAt(int[] position, String path, String message) {
    String where = position == null || position[0] < 1 ? source : source + ":" + position[0] + ":" + position[1];
    return new PlanException(where + ": " + path + ": " + message);
  }

  private static String describeBytes(long bytes) {
    return bytes >= (1 << 20) ? (bytes >> 20) + " MiB" : bytes + " bytes";
  }
}
