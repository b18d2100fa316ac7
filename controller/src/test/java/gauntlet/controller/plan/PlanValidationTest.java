package gauntlet.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad plan ends in one line naming the file, line:column, field, value and what is allowed. */
class PlanValidationTest {
  /** Line numbers in the messages below count from this plan's first line. */
  private static final String VALID = """
      name: cloud
      agents:
        target: 10.0.0.2:7070
        attacker: 10.0.0.3:7070
      target:
        agent: target
        runtime: [node, bun, go]
        cpus: 4
        memory: 512m
        cluster: true
      load:
        agents: [attacker]
        url: http://{target}:3000/json
        duration: 30s
      """;

  @TempDir
  Path home;

  private String error(String yaml) {
    PlanException e = catchThrowableOfType(PlanException.class,
        () -> new PlanParser(home).read(yaml, "plan.yaml", home));
    assertThat(e).as("a PlanException for:\n" + yaml).isNotNull();
    assertThat(e.getMessage()).doesNotContain("\n");
    return e.getMessage();
  }

  /** {@link #VALID} with one line replaced. */
  private String errorWith(String line, String replacement) {
    assertThat(VALID).contains(line);
    return error(VALID.replace(line, replacement));
  }

  @Test
  void sshAgentsTakeTheUsersKeysByDefaultAndTheSshSectionOtherwise() throws Exception {
    String plan = VALID.replace("target: 10.0.0.2:7070", "target: ssh://root@203.0.113.7:2222");
    java.nio.file.Files.createDirectories(home.resolve(".ssh"));
    java.nio.file.Files.writeString(home.resolve(".ssh/id_ecdsa"), "key");
    Plan defaults = new PlanParser(home).read(plan, "plan.yaml", home);
    assertThat(defaults.targetAgent().ssh()).contains(new SshAddress("root", "203.0.113.7", 2222));
    assertThat(defaults.targetHost()).isEqualTo("203.0.113.7");
    assertThat(defaults.ssh().identityFiles()).containsExactly(home.resolve(".ssh/id_ecdsa"));
    assertThat(defaults.ssh().knownHosts()).isEqualTo(home.resolve(".ssh/known_hosts"));
    assertThat(defaults.ssh().acceptNew()).isFalse();

    java.nio.file.Files.writeString(home.resolve("deploy_key"), "key");
    Plan explicit = new PlanParser(home).read(plan + "ssh: {identity_file: ~/deploy_key, known_hosts: hosts,"
        + " accept_new: true}\n", "plan.yaml", home);
    assertThat(explicit.ssh().identityFiles()).containsExactly(home.resolve("deploy_key"));
    assertThat(explicit.ssh().knownHosts()).isEqualTo(home.resolve("hosts"));
    assertThat(explicit.ssh().acceptNew()).isTrue();

    assertThat(error(plan + "ssh: {identity_file: ~/none}\n")).startsWith(
        "plan.yaml:15:22: ssh.identity_file: no such file");
    assertThat(error(plan + "ssh: {release: ~/}\n")).contains("ssh.release: must be an unpacked release");
    assertThat(error(plan + "ssh: {acept_new: true}\n")).contains("did you mean 'accept_new'?");
  }

  @Test
  void validBasePlanParses() {
    assertThat(new PlanParser(home).read(VALID, "plan.yaml", home).cells()).hasSize(3);
  }

  @Test
  void malformedYamlNamesLineAndColumn() {
    assertThat(error("""
        agents:
          a: local
         target: x
        """)).isEqualTo("plan.yaml:3:2: malformed YAML: expected <block end>, but found '<block mapping start>'"
        + " (while parsing a block mapping that starts at line 1); check the indentation and quoting there");
    assertThat(error("agents: {a: local\n")).startsWith("plan.yaml:2:1: malformed YAML: ");
    assertThat(error("load: \"http://x\n")).startsWith("plan.yaml:2:1: malformed YAML: found unexpected end of stream");
  }

  @Test
  void emptyAndNonMappingPlansAreRejected() {
    assertThat(error("")).isEqualTo(
        "plan.yaml: the plan is empty; it needs at least agents, target and load (see deploy/plans/README.md)");
    assertThat(error("# only a comment\n")).startsWith("plan.yaml: the plan is empty");
    assertThat(error("hello")).isEqualTo(
        "plan.yaml:1:1: the plan must be a YAML mapping with agents, target and load, got 'hello'");
    assertThat(error("- a\n- b\n")).isEqualTo(
        "plan.yaml:1:1: the plan must be a YAML mapping with agents, target and load, got a list");
    assertThat(error(VALID + "---\nname: second\n")).isEqualTo("plan.yaml:16:1: the file holds more than one YAML"
        + " document; a plan is a single document (remove the extra '---')");
  }

  @Test
  void unknownKeysSuggestTheClosestKnownKey() {
    assertThat(errorWith("  runtime: [node, bun, go]", "  runtim: [node, bun, go]")).isEqualTo(
        "plan.yaml:7:3: target.runtim: unknown key 'runtim', did you mean 'runtime'? (allowed here: agent, address,"
            + " runtime, launcher, cpus, memory, cluster, port, network, health_timeout)");
    assertThat(errorWith("  duration: 30s", "  durtion: 30s")).startsWith(
        "plan.yaml:14:3: load.durtion: unknown key 'durtion', did you mean 'duration'?");
    assertThat(error(VALID + "on_agent_los: abort\n")).startsWith(
        "plan.yaml:15:1: on_agent_los: unknown key 'on_agent_los', did you mean 'on_agent_loss'?");
    assertThat(error(VALID + "colour: red\n")).isEqualTo("plan.yaml:15:1: colour: unknown key 'colour' (allowed here:"
        + " name, agents, auth, tls, ssh, target, load, on_agent_loss, repeat, order, seed, expect)");
  }

  @Test
  void duplicateKeysAndAgentNamesAreRejected() {
    assertThat(errorWith("  attacker: 10.0.0.3:7070", "  target: 10.0.0.3:7070")).isEqualTo(
        "plan.yaml:4:3: agents.target: duplicate key 'target', already defined at line 3; keep one of them");
    assertThat(error(VALID + "load: {}\n")).isEqualTo(
        "plan.yaml:15:1: load: duplicate key 'load', already defined at line 11; keep one of them");
    assertThat(errorWith("  attacker: 10.0.0.3:7070", "  attacker: 10.0.0.2:7070")).isEqualTo(
        "plan.yaml:4:13: agents.attacker: has the same address as agent 'target' (10.0.0.2:7070); an agent serves"
            + " one controller session, so name it once and use that name");
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    assertThat(error("agents: {a: local}\ntarget: {runtime: node}\n")).isEqualTo(
        "plan.yaml:1:1: load: is required, e.g. load: {agents: [attacker], url: 'http://{target}:3000/json'}");
    assertThat(error("agents: {a: local}\nload: {url: x}\n")).isEqualTo(
        "plan.yaml:1:1: target: is required, e.g. target: {agent: target, runtime: [node, bun, go]}");
    assertThat(error("target: {runtime: node}\nload: {url: x}\n")).isEqualTo(
        "plan.yaml:1:1: agents: is required, e.g. agents: {target: 10.0.0.2:7070, attacker: local}");
    assertThat(errorWith("  url: http://{target}:3000/json", "  url:")).isEqualTo(
        "plan.yaml:13:3: load.url: is required, e.g. url: http://{target}:3000/json");
    assertThat(errorWith("  runtime: [node, bun, go]", "")).isEqualTo(
        "plan.yaml:6:3: target.runtime: is required, e.g. runtime: [node, bun, go]");
    // With two agents nothing says which one runs the target.
    assertThat(errorWith("  agent: target", "")).isEqualTo("plan.yaml:7:3: target.agent: is required, e.g. agent: target");
    assertThat(errorWith("  agents: [attacker]", "")).isEqualTo("plan.yaml:13:3: load.agents: is required, e.g. agents: [attacker]");
    assertThat(error("agents: {}\ntarget: {runtime: node}\nload: {url: x}\n")).isEqualTo(
        "plan.yaml:1:9: agents: must map agent names to addresses, e.g. {target: 10.0.0.2:7070, attacker: local},"
            + " got a mapping");
  }

  @Test
  void unknownRuntimeIsRejectedWithTheBuiltInsAndImageHint() {
    assertThat(errorWith("  runtime: [node, bun, go]", "  runtime: [node, deno, go]")).isEqualTo(
        "plan.yaml:7:19: target.runtime[1]: unknown runtime 'deno' (built in: node, bun, go; or an image reference"
            + " such as 'nginx:1.27' that the target agent allows)");
    assertThat(errorWith("  runtime: [node, bun, go]", "  runtime: nod")).startsWith(
        "plan.yaml:7:12: target.runtime: unknown runtime 'nod', did you mean 'node'?");
  }

  @Test
  void repeatOrderAndSeedAreCheckedWithTheirRangeAndChoices() {
    assertThat(errorWith("name: cloud", "name: cloud\nrepeat: 0")).isEqualTo(
        "plan.yaml:2:9: repeat: must be between 1 and 100, got '0'");
    assertThat(errorWith("name: cloud", "name: cloud\norder: shufled")).startsWith(
        "plan.yaml:2:8: order: must be shuffled, rotated or fixed, got 'shufled', did you mean 'shuffled'?");
  }

  @Test
  void unknownLauncherAndNetworkAreRejected() {
    assertThat(errorWith("  cpus: 4", "  cpus: 4\n  launcher: podman")).isEqualTo(
        "plan.yaml:9:13: target.launcher: must be docker or process, got 'podman'");
    assertThat(errorWith("  cpus: 4", "  cpus: 4\n  launcher: dokcer")).isEqualTo(
        "plan.yaml:9:13: target.launcher: must be docker or process, got 'dokcer', did you mean 'docker'?");
    assertThat(errorWith("  cpus: 4", "  cpus: 4\n  network: overlay")).isEqualTo(
        "plan.yaml:9:12: target.network: must be auto, bridge, published or host, got 'overlay'");
    assertThat(errorWith("  cpus: 4", "  cpus: 4\n  network: publish")).isEqualTo(
        "plan.yaml:9:12: target.network: must be auto, bridge, published or host, got 'publish', did you mean"
            + " 'published'?");
  }

  @Test
  void badDurationsAreRejected() {
    assertThat(errorWith("  duration: 30s", "  duration: -5s")).isEqualTo(
        "plan.yaml:14:13: load.duration: must be positive, got '-5s'");
    assertThat(errorWith("  duration: 30s", "  duration: 0s")).isEqualTo(
        "plan.yaml:14:13: load.duration: must be positive, got '0s'");
    assertThat(errorWith("  duration: 30s", "  duration: 30")).isEqualTo(
        "plan.yaml:14:13: load.duration: needs a unit (h, m, s, ms or us), got '30'; did you mean '30s'?");
    assertThat(errorWith("  duration: 30s", "  duration: 30 seconds")).isEqualTo(
        "plan.yaml:14:13: load.duration: must be a duration like 30s, 500ms, 2m or 1m30s, got '30 seconds'");
    assertThat(errorWith("  duration: 30s", "  warmup: -1s")).isEqualTo(
        "plan.yaml:14:11: load.warmup: must not be negative, got '-1s'");
    assertThat(errorWith("  duration: 30s", "  probe: 1m")).isEqualTo(
        "plan.yaml:14:10: load.probe: must be at most 30s of throughput probing (0s skips it), got '1m'");
    assertThat(errorWith("  duration: 30s", "  timeout: 0ms")).isEqualTo(
        "plan.yaml:14:12: load.timeout: must be positive, got '0ms'");
    assertThat(errorWith("  cpus: 4", "  health_timeout: 1d")).startsWith(
        "plan.yaml:8:19: target.health_timeout: must be a duration like");
    assertThat(errorWith("  cpus: 4", "  health_timeout: 11m")).isEqualTo(
        "plan.yaml:8:19: target.health_timeout: must be at most 10m (a target that takes longer to answer is"
            + " broken), got '11m'");
  }

  @Test
  void negativeCpusAreRejected() {
    assertThat(errorWith("  cpus: 4", "  cpus: -1")).isEqualTo(
        "plan.yaml:8:9: target.cpus: must not be negative (0 means no CPU limit), got '-1'");
    assertThat(errorWith("  cpus: 4", "  cpus: [1, -0.5]")).isEqualTo(
        "plan.yaml:8:13: target.cpus[1]: must not be negative (0 means no CPU limit), got '-0.5'");
    assertThat(errorWith("  cpus: 4", "  cpus: four")).isEqualTo(
        "plan.yaml:8:9: target.cpus: must be a number, got 'four'");
    assertThat(errorWith("  cpus: 4", "  cpus: [1, 1]")).isEqualTo(
        "plan.yaml:8:13: target.cpus[1]: cpus 1 is listed twice");
  }

  @Test
  void memoryBelowWhatTheRuntimeNeedsIsRejected() {
    assertThat(errorWith("  memory: 512m", "  memory: 32m")).isEqualTo(
        "plan.yaml:9:11: target.memory: 32 MiB ('32m') is below the 320 MiB a clustered Node.js on 4 CPUs needs"
            + " (5 processes: 4 workers and the primary); raise it (e.g. 512m, as in the article) or write 0 for no"
            + " limit");
    assertThat(error(VALID.replace("  cluster: true\n", "").replace("[node, bun, go]", "go")
        .replace("512m", "8MiB"))).isEqualTo("plan.yaml:9:11: target.memory: 8 MiB ('8MiB') is below the 16 MiB Go"
        + " needs to serve 200 connections; raise it (e.g. 512m, as in the article) or write 0 for no limit");
    assertThat(new PlanParser(home).read(VALID.replace("512m", "0"), "plan.yaml", home).target().memoryBytes())
        .isZero();
    assertThat(errorWith("  memory: 512m", "  memory: lots")).isEqualTo(
        "plan.yaml:9:11: target.memory: must be a size like 512m, 1g, 512MiB or a number of bytes, got 'lots'");
    assertThat(errorWith("  memory: 512m", "  memory: -512m")).isEqualTo(
        "plan.yaml:9:11: target.memory: must not be negative, got '-512m'");
  }

  @Test
  void urlPortMustBeANumber() {
    assertThat(errorWith("  url: http://{target}:3000/json", "  url: http://{target}:abc/json")).isEqualTo(
        "plan.yaml:13:8: load.url: needs a port between 1 and 65535, got 'http://{target}:abc/json'");
  }

  @Test
  void portOutOfRangeIsRejected() {
    assertThat(errorWith("  cpus: 4", "  port: 70000")).isEqualTo(
        "plan.yaml:8:9: target.port: must be between 1 and 65,535, got '70000'");
    assertThat(errorWith("  cpus: 4", "  port: 0")).isEqualTo(
        "plan.yaml:8:9: target.port: must be between 1 and 65,535, got '0'");
  }

  @Test
  void loadShapeIsChecked() {
    assertThat(errorWith("  duration: 30s", "  threads: 0")).isEqualTo(
        "plan.yaml:14:12: load.threads: must be between 1 and 1,024, got '0'");
    assertThat(errorWith("  duration: 30s", "  threads: 4\n  connections: 2")).isEqualTo(
        "plan.yaml:15:16: load.connections: must be at least load.threads (4), since every thread drives its own"
            + " connections, got '2'");
    assertThat(errorWith("  duration: 30s", "  threads: 300")).isEqualTo(
        "plan.yaml:14:12: load.threads: must be at most load.connections (200 by default), since every thread"
            + " drives its own connections");
    assertThat(errorWith("  duration: 30s", "  rate: -10")).isEqualTo(
        "plan.yaml:14:9: load.rate: must not be negative (0 means the closed model, like wrk), got '-10'");
    assertThat(errorWith("  duration: 30s", "  threads: 1.5")).isEqualTo(
        "plan.yaml:14:12: load.threads: must be a whole number, got '1.5'");
  }

  @Test
  void aRateTooSmallToSendAnythingIsRefused() {
    // A total of 1e-12 requests/second left a load thread spinning on the agent.
    assertThat(errorWith("  duration: 30s", "  rate: 1e-12")).isEqualTo(
        "plan.yaml:14:9: load.rate: must be 0 (the closed model) or at least 1 request/second in total, got '1e-12'");
    assertThat(errorWith("  duration: 30s", "  rate: 0.5")).startsWith("plan.yaml:14:9: load.rate: must be 0");
  }

  @Test
  void urlMustBeHttpWithOnlyTheTargetPlaceholder() {
    String url = "  url: http://{target}:3000/json";
    assertThat(errorWith(url, "  url: https://{target}:3000/json")).isEqualTo(
        "plan.yaml:13:8: load.url: must be an http:// URL, got 'https://{target}:3000/json'; the load engine speaks"
            + " plain HTTP/1.1 like wrk's benchmarks in the article");
    assertThat(errorWith(url, "  url: ftp://{target}/json")).isEqualTo(
        "plan.yaml:13:8: load.url: must be an http:// URL like http://{target}:3000/json, got 'ftp://{target}/json'");
    assertThat(errorWith(url, "  url: http://{host}:3000/json")).isEqualTo(
        "plan.yaml:13:8: load.url: unknown placeholder '{host}' in 'http://{host}:3000/json' (the only placeholder"
            + " is {target}, the target agent's host)");
    assertThat(errorWith(url, "  url: http://{targt}:3000/json")).isEqualTo(
        "plan.yaml:13:8: load.url: unknown placeholder '{targt}' in 'http://{targt}:3000/json', did you mean"
            + " '{target}'? (the only placeholder is {target}, the target agent's host)");
    assertThat(errorWith(url, "  url: http://{target}:8080/json")).isEqualTo(
        "plan.yaml:13:8: load.url: port 8080 in 'http://{target}:8080/json' is not target.port (3000); the target"
            + " listens on target.port");
    assertThat(errorWith(url, "  url: http://{target:3000/json")).startsWith(
        "plan.yaml:13:8: load.url: has an unbalanced '{' or '}'");
  }

  @Test
  void agentReferencesMustBeDefined() {
    assertThat(errorWith("  agent: target", "  agent: tagret")).isEqualTo(
        "plan.yaml:6:10: target.agent: no agent named 'tagret', did you mean 'target'? (agents: target, attacker)");
    assertThat(errorWith("  agents: [attacker]", "  agents: [attacker, peer]")).isEqualTo(
        "plan.yaml:12:22: load.agents[1]: no agent named 'peer' (agents: target, attacker)");
    assertThat(errorWith("  agents: [attacker]", "  agents: []")).isEqualTo(
        "plan.yaml:12:11: load.agents: must list at least one value, got an empty list");
  }

  @Test
  void loadAgentMayNotBeTheTargetWhenThePlanSaysSo() {
    assertThat(errorWith("  agents: [attacker]", "  agents: [attacker, target]\n  separate_from_target: true"))
        .isEqualTo("plan.yaml:12:22: load.agents[1]: load agent 'target' is the target agent but"
            + " load.separate_from_target is true; use another agent or set separate_from_target: false");
    // Without the flag, one machine may do both.
    assertThat(new PlanParser(home).read(VALID.replace("[attacker]", "[target]"), "plan.yaml", home)
        .load().agents()).containsExactly("target");
    assertThat(error("""
        agents: {a: local}
        target: {runtime: node}
        load: {url: "http://{target}:3000/json", separate_from_target: true}
        """)).isEqualTo("plan.yaml:3:7: load.agents: load agent 'a' is the target agent but"
        + " load.separate_from_target is true; use another agent or set separate_from_target: false");
  }

  @Test
  void localTargetCannotBeReachedByRemoteLoadAgents() {
    assertThat(errorWith("  target: 10.0.0.2:7070", "  target: local")).isEqualTo(
        "plan.yaml:13:8: load.url: {target} is the local agent's 127.0.0.1, which remote load agent 'attacker'"
            + " cannot reach; run the target on a host:port agent, or set target.address to an address of this"
            + " machine they reach");
  }

  @Test
  void targetAddressMustBeABareHost() {
    String line = "  agent: target\n";
    assertThat(errorWith(line, line + "  address: 10.0.0.9:3000\n")).isEqualTo(
        "plan.yaml:7:12: target.address: must be a host without a port (the port is target.port), e.g. 10.0.0.2,"
            + " got '10.0.0.9:3000'");
    assertThat(errorWith(line, line + "  address: http://10.0.0.9\n")).isEqualTo(
        "plan.yaml:7:12: target.address: must be a bare host like 10.0.0.2, without scheme or path, got"
            + " 'http://10.0.0.9'");
    assertThat(errorWith(line, line + "  address: '[fe80::1::2]'\n")).startsWith(
        "plan.yaml:7:12: target.address: has an invalid IPv6 address in '[fe80::1::2]'");
    assertThat(errorWith(line, line + "  address: bad_host\n")).isEqualTo(
        "plan.yaml:7:12: target.address: must be a host name or IP address, e.g. 10.0.0.2, got 'bad_host'");
  }

  @Test
  void localTargetWithAnAddressMayServeRemoteLoadAgents() {
    String plan = VALID.replace("  target: 10.0.0.2:7070", "  target: local")
        .replace("  agent: target\n", "  agent: target\n  address: 192.168.1.20\n");
    assertThat(new PlanParser(home).read(plan, "plan.yaml", home).targetHost()).isEqualTo("192.168.1.20");
  }

  @Test
  void badAgentAddressesAreRejected() {
    String line = "  attacker: 10.0.0.3:7070";
    assertThat(errorWith(line, "  attacker: 10.0.0.3")).isEqualTo(
        "plan.yaml:4:13: agents.attacker: needs a port, e.g. '10.0.0.3:7070', got '10.0.0.3'; write local,"
            + " host:port, [ipv6]:port or ssh://user@host[:port], e.g. 10.0.0.2:7070");
    assertThat(errorWith(line, "  attacker: 10.0.0.3:70700")).isEqualTo(
        "plan.yaml:4:13: agents.attacker: needs a port between 1 and 65535, got '10.0.0.3:70700'");
    assertThat(errorWith(line, "  attacker: http://10.0.0.3:7070")).isEqualTo(
        "plan.yaml:4:13: agents.attacker: must be host:port (or ssh://user@host) without another scheme, got"
            + " 'http://10.0.0.3:7070'");
    assertThat(errorWith(line, "  attacker: bad_host:7070")).startsWith(
        "plan.yaml:4:13: agents.attacker: has an invalid host name in 'bad_host:7070'");
    assertThat(errorWith(line, "  attacker: \"[::g]:7070\"")).isEqualTo(
        "plan.yaml:4:13: agents.attacker: has an invalid IPv6 address in '[::g]:7070'");
    assertThat(errorWith(line, "  attacker: [a, b]")).isEqualTo(
        "plan.yaml:4:13: agents.attacker: must be a single value, got a list");
    assertThat(errorWith(line, "  at tacker: 10.0.0.3:7070")).startsWith(
        "plan.yaml:4:3: agents.at tacker: agent names are 1-64 letters");
  }

  @Test
  void onAgentLossMustBeContinueOrAbort() {
    assertThat(error(VALID + "on_agent_loss: retry\n")).isEqualTo(
        "plan.yaml:15:16: on_agent_loss: must be continue or abort, got 'retry'");
    assertThat(error(VALID + "on_agent_loss: abrt\n")).isEqualTo(
        "plan.yaml:15:16: on_agent_loss: must be continue or abort, got 'abrt', did you mean 'abort'?");
  }

  @Test
  void authAndTlsFilesMustExist() throws IOException {
    assertThat(error(VALID + "auth:\n  token_file: ~/missing-token\n")).isEqualTo(
        "plan.yaml:16:15: auth.token_file: no such file '" + home.resolve("missing-token")
            + "' (from '~/missing-token')");
    assertThat(error(VALID + "auth: {}\n")).isEqualTo(
        "plan.yaml:15:7: auth.token_file: is required, e.g. token_file: ~/.gauntlet/token");
    Files.writeString(home.resolve("cert.pem"), "cert");
    Files.writeString(home.resolve("ca.pem"), "ca");
    assertThat(error(VALID + "tls: {ca: ca.pem, cert: cert.pem}\n")).isEqualTo("plan.yaml:15:6: tls.key: is required"
        + " with tls.cert: mutual TLS needs both the controller's certificate and its key");
    assertThat(error(VALID + "tls: {ca: other-ca.pem}\n")).isEqualTo(
        "plan.yaml:15:11: tls.ca: no such file '" + home.resolve("other-ca.pem") + "' (from 'other-ca.pem')");
    assertThat(error(VALID + "tls: {}\n")).isEqualTo("plan.yaml:15:6: tls.ca: is required, e.g. ca: certs/ca.pem"
        + " (the CA that signed the agents' certificates)");
  }

  @Test
  void planNameMustBeUsableAsAFolderName() {
    assertThat(errorWith("name: cloud", "name: ../etc")).startsWith(
        "plan.yaml:1:7: name: must be 1-64 letters, digits, '.', '_' or '-'");
  }

  @Test
  void yamlFeaturesPlansDoNotNeedAreRejected() {
    assertThat(error(VALID.replace("  cpus: 4", "  cpus: &c 4\n  port: *c"))).isEqualTo(
        "plan.yaml:9:9: target.port: YAML aliases (*c) are not supported in plans; write the value out");
    String deep = "a: " + "[".repeat(40) + "]".repeat(40) + "\n";
    assertThat(error(deep)).isEqualTo(
        "plan.yaml: nested more than 32 levels deep or too long; a plan needs 3 levels and a few kilobytes");
  }

  @Test
  void unreadableFilesAreReportedWithTheirName() throws IOException {
    Path missing = home.resolve("nope.yaml");
    PlanException e = catchThrowableOfType(PlanException.class, () -> new PlanParser(home).read(missing));
    assertThat(e).hasMessage(missing + ": cannot read the plan: no such file");
    Path binary = home.resolve("binary.yaml");
    Files.write(binary, new byte[] {(byte) 0xC3, (byte) 0x28, 'a'});
    e = catchThrowableOfType(PlanException.class, () -> new PlanParser(home).read(binary));
    assertThat(e).hasMessage(binary + ": is not UTF-8 text; save the plan as UTF-8");
  }
}
