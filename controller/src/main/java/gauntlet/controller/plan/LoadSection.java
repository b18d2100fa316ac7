package gauntlet.controller.plan;

import gauntlet.core.LoadDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads and checks the plan's {@code load:} section against the target and the agents. */
final class LoadSection {
  static final List<String> KEYS = List.of("agents", "url", "method", "headers", "body", "threads", "connections",
      "duration", "warmup", "timeout", "rate", "probe", "separate_from_target",
      "max_errors");
  /** An HTTP method token (RFC 9110), upper case as servers expect it. */
  private static final java.util.regex.Pattern METHOD = java.util.regex.Pattern.compile("[A-Z]{1,20}");
  /** A header field name token (RFC 9110). */
  private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** The article's {@code wrk -t2 -c200 -d30s}, and wrk's default 2 s timeout. */
  static final int DEFAULT_THREADS = 2;
  static final int DEFAULT_CONNECTIONS = 200;
  static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
  static final Duration DEFAULT_TIMEOUT = LoadDefaults.TIMEOUT;
  /**
   * No warm-up by default: the article measured from wrk's first request, and a default that
   * silently dropped the first seconds would make results incomparable with its ledgers. Plans
   * that want JIT warm-up excluded say so (e.g. {@code warmup: 5s}).
   */
  static final Duration DEFAULT_WARMUP = Duration.ZERO;
  /** A few seconds of probing tell link throughput apart from server throughput. */
  static final Duration DEFAULT_PROBE = Duration.ofSeconds(3);
  static final Duration MAX_PROBE = Duration.ofSeconds(30);
  static final int MAX_THREADS = 1024;
  static final int MAX_CONNECTIONS = 1_000_000;
  static final double MAX_RATE = 100_000_000;
  /** As wrk2's -R: a whole request a second at least; a smaller total would measure (almost) nothing. */
  static final double MIN_RATE = 1;

  private final Values values;
  private final PlanSource source;

  LoadSection(Values values) {
    this.values = values;
    this.source = values.source();
  }

  LoadPlan read(YamlNode node, Map<String, AgentEndpoint> agents, TargetPlan target) {
    MapSection section = MapSection.of(source, "load", node, KEYS);
    List<String> loaders = loadAgents(section, agents);
    boolean separate = section.optional("separate_from_target")
        .map(n -> values.bool(section.field("separate_from_target"), n)).orElse(false);
    if (separate) {
      checkSeparate(section, loaders, agents, target);
    }
    YamlNode urlNode = section.required("url", "url: http://{target}:3000/json");
    String url = values.text(section.field("url"), urlNode);
    UrlTemplate template = checkUrl(section.field("url"), urlNode, url, loaders, agents, target);
    String method = section.optional("method").map(n -> method(section.field("method"), n)).orElse(LoadDefaults.METHOD);
    Map<String, String> headers = section.optional("headers").map(n -> headers(section, n)).orElse(Map.of());
    String body = section.optional("body").map(n -> values.text(section.field("body"), n)).orElse("");

    int threads = section.optional("threads")
        .map(n -> (int) values.integer(section.field("threads"), n, 1, MAX_THREADS)).orElse(DEFAULT_THREADS);
    int connections = DEFAULT_CONNECTIONS;
    if (section.optional("connections").isPresent()) {
      YamlNode n = section.optional("connections").get();
      connections = (int) values.integer(section.field("connections"), n, 1, MAX_CONNECTIONS);
      if (connections < threads) {
        throw source.error(n, section.field("connections"), "must be at least load.threads (" + threads
            + "), since every thread drives its own connections, got " + n.describe());
      }
    } else if (connections < threads) {
      throw source.error(section.optional("threads").get(), section.field("threads"), "must be at most "
          + "load.connections (" + connections + " by default), since every thread drives its own connections");
    }
    Duration duration = section.optional("duration").map(n -> values.duration(section.field("duration"), n, false))
        .orElse(DEFAULT_DURATION);
    Duration warmup = section.optional("warmup").map(n -> values.duration(section.field("warmup"), n, true))
        .orElse(DEFAULT_WARMUP);
    Duration timeout = section.optional("timeout").map(n -> values.duration(section.field("timeout"), n, false))
        .orElse(DEFAULT_TIMEOUT);
    double rate = 0;
    if (section.optional("rate").isPresent()) {
      YamlNode n = section.optional("rate").get();
      rate = values.decimal(section.field("rate"), n).doubleValue();
      if (rate < 0) {
        throw source.error(n, section.field("rate"), "must not be negative (0 means the closed model, like wrk), got "
            + n.describe());
      }
      if (rate > 0 && rate < MIN_RATE) {
        throw source.error(n, section.field("rate"), "must be 0 (the closed model) or at least 1 request/second in"
            + " total, got " + n.describe());
      }
      if (rate > MAX_RATE) {
        throw source.error(n, section.field("rate"), "must be at most 100,000,000 requests/second, got "
            + n.describe());
      }
    }
    Duration probe = DEFAULT_PROBE;
    if (section.optional("probe").isPresent()) {
      YamlNode n = section.optional("probe").get();
      probe = values.duration(section.field("probe"), n, true);
      if (probe.compareTo(MAX_PROBE) > 0) {
        throw source.error(n, section.field("probe"), "must be at most 30s of throughput probing (0s skips it), got "
            + n.describe());
      }
    }
    double maxErrors = section.optional("max_errors").map(n -> share(section.field("max_errors"), n))
        .orElse(LoadPlan.DEFAULT_MAX_ERRORS);
    return new LoadPlan(loaders, template, method, headers, body, threads, connections, duration, warmup, timeout,
        rate, probe, separate, maxErrors);
  }

  private double share(String field, YamlNode node) {
    try {
      return Percentages.parse(values.text(field, node));
    } catch (IllegalArgumentException e) {
      throw source.error(node, field, e.getMessage());
    }
  }

  private String method(String field, YamlNode node) {
    String method = values.text(field, node);
    if (!METHOD.matcher(method).matches()) {
      throw source.error(node, field, "must be an HTTP method in upper case like GET or POST, got " + node.describe());
    }
    return method;
  }

  private Map<String, String> headers(MapSection section, YamlNode node) {
    String field = section.field("headers");
    if (!(node instanceof YamlNode.Mapping mapping)) {
      throw source.error(node, field, "must be a mapping of header names to values, like {Accept: application/json},"
          + " got " + node.describe());
    }
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    for (YamlNode.Entry entry : mapping.entries().values()) {
      String name = entry.key();
      String entryField = field + "." + name;
      if (!HEADER_NAME.matcher(name).matches()) {
        throw source.error(entry.value(), entryField, "is not a valid header name; use letters, digits and '-'");
      }
      String value = values.text(entryField, entry.value());
      if (value.contains("\r") || value.contains("\n")) {
        throw source.error(entry.value(), entryField, "must be one line: a header value cannot hold a line break");
      }
      headers.put(name, value);
    }
    return headers;
  }

  private List<String> loadAgents(MapSection section, Map<String, AgentEndpoint> agents) {
    if (section.optional("agents").isEmpty() && agents.size() == 1) {
      return List.copyOf(agents.keySet());
    }
    String field = section.field("agents");
    YamlNode whole = section.required("agents", "agents: [attacker]");
    List<YamlNode> items = values.oneOrMore(field, whole);
    List<String> loaders = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String itemField = Values.item(field, whole, i);
      String name = AgentNames.defined(values, itemField, items.get(i), agents);
      if (loaders.contains(name)) {
        throw source.error(items.get(i), itemField, "agent " + Values.quote(name) + " is listed twice");
      }
      loaders.add(name);
    }
    return loaders;
  }

  private void checkSeparate(MapSection section, List<String> loaders, Map<String, AgentEndpoint> agents,
      TargetPlan target) {
    AgentEndpoint targetAgent = agents.get(target.agent());
    YamlNode whole = section.optional("agents").orElse(null);
    for (int i = 0; i < loaders.size(); i++) {
      AgentEndpoint loader = agents.get(loaders.get(i));
      boolean sameName = loader.name().equals(targetAgent.name());
      // Two local agents are the same process on the same machine, whatever their names.
      if (sameName || (loader.isLocal() && targetAgent.isLocal())) {
        YamlNode at = whole == null ? section.mapping()
            : whole instanceof YamlNode.Sequence list ? list.items().get(i) : whole;
        String field = whole == null ? section.field("agents") : Values.item(section.field("agents"), whole, i);
        throw source.error(at, field, "load agent " + Values.quote(loader.name()) + " is the target agent"
            + (sameName ? "" : " too (both are local)")
            + " but load.separate_from_target is true; use another agent or set separate_from_target: false");
      }
    }
  }

  private UrlTemplate checkUrl(String field, YamlNode node, String url, List<String> loaders,
      Map<String, AgentEndpoint> agents, TargetPlan target) {
    UrlTemplate template;
    try {
      template = UrlTemplate.parse(url);
    } catch (IllegalArgumentException e) {
      throw source.error(node, field, e.getMessage());
    }
    if (!template.pointsAtTarget()) {
      return template;
    }
    if (template.port() != target.port()) {
      throw source.error(node, field, "port " + template.port() + " in " + Values.quote(url)
          + " is not target.port (" + target.port() + "); the target listens on target.port");
    }
    AgentEndpoint targetAgent = agents.get(target.agent());
    if (targetAgent.isLocal() && target.address().isEmpty()) {
      for (String loader : loaders) {
        if (!agents.get(loader).isLocal()) {
          throw source.error(node, field, "{target} is the local agent's 127.0.0.1, which remote load agent "
              + Values.quote(loader) + " cannot reach; run the target on a host:port agent, or set target.address"
              + " to an address of this machine they reach");
        }
      }
    }
    return template;
  }
}
