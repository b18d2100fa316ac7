package gauntlet.controller.plan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a plan file (YAML, format in DESIGN.md and deploy/plans/README.md) into a validated
 * {@link Plan} with its matrix expanded. Every problem is a {@link PlanException} naming the
 * file, line:column, field and value; nothing is contacted while reading (no name lookups).
 */
public final class PlanParser {
  /** No plan is anywhere near this; a bigger file is not a plan. */
  public static final int MAX_PLAN_CHARS = 1 << 20;

  static final List<String> ROOT_KEYS = List.of("name", "agents", "auth", "tls", "ssh", "target", "load",
      "on_agent_loss", "repeat", "order", "seed", "expect");
  private static final List<String> SSH_KEYS = List.of("identity_file", "known_hosts", "accept_new", "release");
  private static final List<String> AUTH_KEYS = List.of("token_file");
  private static final List<String> TLS_KEYS = List.of("ca", "cert", "key");
  private static final List<String> LOSS_POLICIES = List.of("continue", "abort");
  /**
   * Continue by default: a 30-minute matrix must not be lost with one machine. The lost agent's
   * cell is marked failed (and the run exits non-zero), cells that do not need it still run, and
   * an agent restarted meanwhile is reconnected before the next cell; finished cells are kept
   * either way. Plans that would rather stop at the first loss say {@code abort}.
   */
  static final AgentLossPolicy DEFAULT_LOSS_POLICY = AgentLossPolicy.CONTINUE;
  /** Names end up in folder names, run ids and container labels. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Path home;

  /** A parser expanding {@code ~} to the user's home. */
  public PlanParser() {
    this(Path.of(System.getProperty("user.home")));
  }

  /** @param home what {@code ~} in paths stands for */
  public PlanParser(Path home) {
    this.home = home;
  }

  /** Reads and validates the plan in {@code file}, {@code ~} being the user's home. */
  public static Plan parse(Path file) {
    return new PlanParser().read(file);
  }

  /**
   * Reads and validates plan text held in memory; relative paths are relative to the working folder.
   *
   * @param label how messages name it, e.g. {@code plan.yaml}
   */
  public static Plan parse(String text, String label) {
    return new PlanParser().read(text, label, Path.of("").toAbsolutePath());
  }

  /** Reads and validates the plan in {@code file}; relative paths in it are relative to its folder. */
  public Plan read(Path file) {
    String label = file.toString();
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_PLAN_CHARS) {
        throw new PlanException(label, 0, 0, "", "is " + Files.size(file) + " bytes; a plan is at most "
            + MAX_PLAN_CHARS + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PlanException(label, 0, 0, "", "cannot read the plan: " + describe(e), e);
    }
    Path parent = file.toAbsolutePath().getParent();
    return read(decode(bytes, label), label, parent == null ? Path.of("") : parent);
  }

  /**
   * Reads and validates plan text.
   *
   * @param label the file name used in messages
   * @param baseDirectory what relative paths (token, certificates) are relative to
   */
  public Plan read(String text, String label, Path baseDirectory) {
    PlanSource source = new PlanSource(label, baseDirectory);
    if (text.length() > MAX_PLAN_CHARS) {
      throw source.error(SourcePosition.UNKNOWN, "", "is " + text.length() + " characters; a plan is at most "
          + MAX_PLAN_CHARS);
    }
    YamlNode root = new YamlTreeReader(source).read(text);
    if (root == null) {
      throw source.error(SourcePosition.UNKNOWN, "", "the plan is empty; it needs at least agents, target and load"
          + " (see deploy/plans/README.md)");
    }
    Values values = new Values(source);
    MapSection section = MapSection.of(source, "", root, ROOT_KEYS);
    String name = name(values, section, label);
    Map<String, AgentEndpoint> agents = agents(values, section);
    Optional<Path> tokenFile = section.optional("auth").map(n -> tokenFile(values, n));
    Optional<TlsSettings> tls = section.optional("tls").map(n -> tls(values, n));
    SshSettings ssh = section.optional("ssh").map(n -> ssh(values, n)).orElseGet(() -> SshSettings.defaults(home));
    TargetPlan target = new TargetSection(values).read(section.required("target",
        "target: {agent: target, runtime: [node, bun, go]}"), agents);
    LoadPlan load = new LoadSection(values).read(section.required("load",
        "load: {agents: [attacker], url: 'http://{target}:3000/json'}"), agents, target);
    AgentLossPolicy onLoss = section.optional("on_agent_loss").map(n -> lossPolicy(values, section, n))
        .orElse(DEFAULT_LOSS_POLICY);
    List<Cell> cells = MatrixExpander.expand(target.runtimes(), target.cpus(), target.cluster());
    Expectations expect = section.optional("expect").map(n -> new ExpectSection(values).read(n, target.runtimes()))
        .orElse(Expectations.NONE);
    return new Plan(name, agents, tokenFile, tls, ssh, target, load, onLoss, cells, repetitions(values, section),
        expect);
  }

  private static String name(Values values, MapSection section, String label) {
    Optional<YamlNode> node = section.optional("name");
    if (node.isEmpty()) {
      String stem = Path.of(label).getFileName() == null ? "plan" : Path.of(label).getFileName().toString();
      stem = stem.replaceFirst("\\.ya?ml$", "").replaceAll("[^A-Za-z0-9._-]", "_");
      return NAME.matcher(stem).matches() ? stem : "plan";
    }
    String name = values.text("name", node.get());
    if (!NAME.matcher(name).matches()) {
      throw values.source().error(node.get(), "name", "must be 1-64 letters, digits, '.', '_' or '-' starting with a"
          + " letter or digit (it names folders and containers), got " + Values.quote(name));
    }
    return name;
  }

  private SshSettings ssh(Values values, YamlNode node) {
    MapSection ssh = MapSection.of(values.source(), "ssh", node, SSH_KEYS);
    SshSettings defaults = SshSettings.defaults(home);
    List<Path> identities = ssh.optional("identity_file")
        .map(n -> List.of(existingFile(values, ssh.field("identity_file"), n)))
        .orElse(defaults.identityFiles());
    // known_hosts may not exist yet: accept_new creates it, and without it every host is unknown.
    Path knownHosts = ssh.optional("known_hosts").map(n -> path(values, ssh.field("known_hosts"), n))
        .orElse(defaults.knownHosts());
    boolean acceptNew = ssh.optional("accept_new").map(n -> values.bool(ssh.field("accept_new"), n)).orElse(false);
    Optional<Path> release = ssh.optional("release").map(n -> {
      Path dir = path(values, ssh.field("release"), n);
      if (!Files.isRegularFile(dir.resolve("RELEASE"))) {
        throw values.source().error(n, ssh.field("release"), "must be an unpacked release (a folder holding RELEASE,"
            + " made by ./gauntlet dist), got " + Values.quote(dir.toString()));
      }
      return dir;
    });
    return new SshSettings(identities, knownHosts, acceptNew, release);
  }

  private Path path(Values values, String field, YamlNode node) {
    String text = values.text(field, node);
    try {
      return expand(text, values.source().baseDirectory());
    } catch (RuntimeException e) {
      throw values.source().error(node, field, "is not a valid path, got " + Values.quote(text));
    }
  }

  private static Map<String, AgentEndpoint> agents(Values values, MapSection section) {
    YamlNode node = section.required("agents", "agents: {target: 10.0.0.2:7070, attacker: local}");
    if (!(node instanceof YamlNode.Mapping mapping) || mapping.entries().isEmpty()) {
      throw values.source().error(node, "agents", "must map agent names to addresses, e.g. "
          + "{target: 10.0.0.2:7070, attacker: local}, got " + node.describe());
    }
    Map<String, AgentEndpoint> agents = new LinkedHashMap<>();
    Map<String, String> byAddress = new LinkedHashMap<>();
    for (YamlNode.Entry entry : mapping.entries().values()) {
      String field = "agents." + entry.key();
      if (!NAME.matcher(entry.key()).matches()) {
        throw values.source().error(entry.keyPosition(), field, "agent names are 1-64 letters, digits, '.', '_' or"
            + " '-' starting with a letter or digit, got " + Values.quote(entry.key()));
      }
      String address = values.text(field, entry.value());
      AgentEndpoint endpoint;
      try {
        endpoint = AgentAddresses.parse(entry.key(), address);
      } catch (IllegalArgumentException e) {
        throw values.source().error(entry.value(), field, e.getMessage());
      }
      String where = endpoint.toString().toLowerCase(Locale.ROOT);
      String earlier = byAddress.putIfAbsent(where, entry.key());
      if (earlier != null) {
        throw values.source().error(entry.value(), field, "has the same address as agent " + Values.quote(earlier)
            + " (" + endpoint + "); an agent serves one controller session, so name it once and use that name");
      }
      agents.put(entry.key(), endpoint);
    }
    return agents;
  }

  private Path tokenFile(Values values, YamlNode node) {
    MapSection auth = MapSection.of(values.source(), "auth", node, AUTH_KEYS);
    return existingFile(values, auth.field("token_file"), auth.required("token_file", "token_file: ~/.gauntlet/token"));
  }

  private TlsSettings tls(Values values, YamlNode node) {
    MapSection tls = MapSection.of(values.source(), "tls", node, TLS_KEYS);
    Path ca = existingFile(values, tls.field("ca"), tls.required("ca", "ca: certs/ca.pem (the CA that signed the"
        + " agents' certificates)"));
    Optional<Path> cert = tls.optional("cert").map(n -> existingFile(values, tls.field("cert"), n));
    Optional<Path> key = tls.optional("key").map(n -> existingFile(values, tls.field("key"), n));
    if (cert.isPresent() != key.isPresent()) {
      String missing = cert.isPresent() ? "key" : "cert";
      throw values.source().error(tls.mapping(), tls.field(missing), "is required with tls."
          + (cert.isPresent() ? "cert" : "key") + ": mutual TLS needs both the controller's certificate and its key");
    }
    return new TlsSettings(ca, cert, key);
  }

  private Path existingFile(Values values, String field, YamlNode node) {
    String text = values.text(field, node);
    Path path;
    try {
      path = expand(text, values.source().baseDirectory());
    } catch (RuntimeException e) {
      throw values.source().error(node, field, "is not a valid path, got " + Values.quote(text));
    }
    if (!Files.isRegularFile(path)) {
      throw values.source().error(node, field, "no such file " + Values.quote(path.toString())
          + (text.equals(path.toString()) ? "" : " (from " + Values.quote(text) + ")"));
    }
    if (!Files.isReadable(path)) {
      throw values.source().error(node, field, "cannot read " + Values.quote(path.toString()) + " (permissions)");
    }
    return path;
  }

  /** {@code ~} and {@code ~/x} are the home folder; relative paths are relative to the plan's folder. */
  private Path expand(String text, Path base) {
    if (text.equals("~")) {
      return home;
    }
    if (text.startsWith("~/")) {
      return home.resolve(text.substring(2)).normalize();
    }
    Path path = Path.of(text);
    return path.isAbsolute() ? path.normalize() : base.resolve(path).normalize();
  }

  private static AgentLossPolicy lossPolicy(Values values, MapSection section, YamlNode node) {
    String text = values.text("on_agent_loss", node);
    String lower = text.toLowerCase(Locale.ROOT);
    if (!LOSS_POLICIES.contains(lower)) {
      throw values.source().error(node, section.field("on_agent_loss"), "must be continue or abort, got "
          + Values.quote(text) + Suggestions.didYouMean(text, LOSS_POLICIES));
    }
    return AgentLossPolicy.valueOf(lower.toUpperCase(Locale.ROOT));
  }

  private static Repetitions repetitions(Values values, MapSection section) {
    int repeat = section.optional("repeat").map(n -> (int) values.integer(section.field("repeat"), n, 1,
        Repetitions.MAX_REPEAT)).orElse(Repetitions.DEFAULT_REPEAT);
    CellOrder order = section.optional("order").map(n -> order(values, section, n)).orElse(Repetitions.ONCE.order());
    java.util.OptionalLong seed = section.optional("seed")
        .map(n -> java.util.OptionalLong.of(values.integer(section.field("seed"), n, Long.MIN_VALUE, Long.MAX_VALUE)))
        .orElse(java.util.OptionalLong.empty());
    return new Repetitions(repeat, order, seed);
  }

  private static CellOrder order(Values values, MapSection section, YamlNode node) {
    String text = values.text("order", node);
    List<String> labels = java.util.Arrays.stream(CellOrder.values()).map(CellOrder::label).toList();
    String lower = text.toLowerCase(Locale.ROOT);
    if (!labels.contains(lower)) {
      throw values.source().error(node, section.field("order"), "must be shuffled, rotated or fixed, got "
          + Values.quote(text) + Suggestions.didYouMean(text, labels));
    }
    return CellOrder.valueOf(lower.toUpperCase(Locale.ROOT));
  }

  private static String decode(byte[] bytes, String label) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new PlanException(label, 0, 0, "", "is not UTF-8 text; save the plan as UTF-8", e);
    }
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
