package gauntlet.controller.plan;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.core.LoadTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanParserTest {
  @TempDir
  Path home;

  private Plan parse(String yaml) {
    return new PlanParser(home).read(yaml, "plan.yaml", home);
  }

  @Test
  void fullPlanIsReadFieldByField() throws IOException {
    Files.createDirectories(home.resolve(".gauntlet"));
    Files.writeString(home.resolve(".gauntlet/token"), "secret");
    Files.writeString(home.resolve("ca.pem"), "ca");
    Files.writeString(home.resolve("me.pem"), "cert");
    Files.writeString(home.resolve("me.key"), "key");
    Plan plan = parse("""
        name: phase4-cloud-4cpu
        agents:
          target: 159.65.6.89:7070
          attacker: "[fd00::3]:7071"
        auth:
          token_file: ~/.gauntlet/token
        tls:
          ca: ca.pem
          cert: me.pem
          key: me.key
        target:
          agent: target
          runtime: [Node, bun, go, "registry.local:5000/nginx:1.27"]
          launcher: docker
          cpus: [1, 0.5]
          memory: 1g
          cluster: [false, true]
          port: 8080
          network: host
          health_timeout: 1m30s
        load:
          agents: attacker
          url: http://{target}:8080/json
          method: POST
          headers: {Content-Type: application/json, X-Run: "7"}
          body: '{"hello": "world"}'
          threads: 4
          connections: 400
          duration: 2m
          warmup: 5s
          timeout: 500ms
          rate: 20000
          probe: 10s
          separate_from_target: true
        on_agent_loss: abort
        """);

    assertThat(plan.name()).isEqualTo("phase4-cloud-4cpu");
    assertThat(plan.agents()).containsOnlyKeys("target", "attacker");
    assertThat(plan.agents().get("target")).isEqualTo(new AgentEndpoint("target", "159.65.6.89", 7070));
    assertThat(plan.agents().get("attacker")).isEqualTo(new AgentEndpoint("attacker", "fd00::3", 7071));
    assertThat(plan.tokenFile()).contains(home.resolve(".gauntlet/token"));
    assertThat(plan.tls()).contains(new TlsSettings(home.resolve("ca.pem"),
        Optional.of(home.resolve("me.pem")), Optional.of(home.resolve("me.key"))));
    assertThat(plan.target()).isEqualTo(new TargetPlan("target",
        List.of("node", "bun", "go", "registry.local:5000/nginx:1.27"), "docker", List.of(1.0, 0.5),
        1024L * 1024 * 1024, List.of(false, true), 8080, "host", Duration.ofSeconds(90)));
    assertThat(plan.load()).isEqualTo(new LoadPlan(List.of("attacker"), UrlTemplate.parse("http://{target}:8080/json"), "POST",
        Map.of("Content-Type", "application/json", "X-Run", "7"), "{\"hello\": \"world\"}", 4, 400,
        Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofMillis(500), 20000, Duration.ofSeconds(10), true));
    assertThat(plan.onAgentLoss()).isEqualTo(AgentLossPolicy.ABORT);
    assertThat(plan.targetAgent().name()).isEqualTo("target");
    assertThat(plan.loadAgents()).extracting(AgentEndpoint::name).containsExactly("attacker");
    assertThat(plan.loadsInProcess()).isFalse();
    // 4 runtimes x 2 cpus x 2 cluster, minus the clustered twins of go and the image.
    assertThat(plan.cells()).hasSize(12);
  }

  @Test
  void omittedFieldsTakeTheArticlesDefaults() {
    Plan plan = parse("""
        agents: {local: local}
        target: {runtime: go}
        load: {url: "http://{target}:3000/json"}
        """);

    assertThat(plan.name()).isEqualTo("plan");
    assertThat(plan.loadsInProcess()).isTrue();
    assertThat(plan.tokenFile()).isEmpty();
    assertThat(plan.tls()).isEmpty();
    // The article's docker run --cpus=1 -m=512m and wrk -t2 -c200 -d30s (timeout 2s).
    assertThat(plan.target()).isEqualTo(new TargetPlan("local", List.of("go"), "", List.of(1.0), 512L * 1024 * 1024,
        List.of(false), 3000, "auto", Duration.ofSeconds(60)));
    assertThat(plan.load()).isEqualTo(new LoadPlan(List.of("local"), UrlTemplate.parse("http://{target}:3000/json"), "GET", Map.of(), "", 2, 200,
        Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(2), 0, Duration.ofSeconds(3), false));
    assertThat(plan.onAgentLoss()).isEqualTo(AgentLossPolicy.CONTINUE);
    assertThat(plan.cells()).containsExactly(new Cell(0, "go", 1, false));
  }

  @Test
  void targetAddressIsTheHostLoadAgentsReachAndDefaultsToTheAgentsAddress() {
    String plan = """
        agents: {target: 198.19.0.10:7070, attacker: 198.19.0.14:7070}
        target: {agent: target, runtime: go%s}
        load: {agents: [attacker], url: "http://{target}:3000/json"}
        """;
    assertThat(parse(plan.formatted("")).targetHost()).isEqualTo("198.19.0.10");
    assertThat(parse(plan.formatted("")).target().address()).isEmpty();
    Plan split = parse(plan.formatted(", address: 198.18.3.1"));
    assertThat(split.target().address()).contains("198.18.3.1");
    assertThat(split.targetHost()).isEqualTo("198.18.3.1");
    assertThat(split.targetAgent().host()).isEqualTo("198.19.0.10");
    assertThat(parse(plan.formatted(", address: '[fd00::3]'")).targetHost()).isEqualTo("fd00::3");
    assertThat(parse(plan.formatted(", address: target.internal")).targetHost()).isEqualTo("target.internal");
  }

  @Test
  void planNameDefaultsToTheFileName() throws IOException {
    Path file = home.resolve("my plan.yml");
    Files.writeString(file, """
        agents: {local: local}
        target: {runtime: node}
        load: {url: "http://{target}:3000/json"}
        """);

    assertThat(new PlanParser(home).read(file).name()).isEqualTo("my_plan");
  }

  @Test
  void relativePathsAreRelativeToThePlansFolder() throws IOException {
    Path folder = Files.createDirectories(home.resolve("plans"));
    Files.writeString(folder.resolve("token"), "secret");
    Path file = folder.resolve("p.yaml");
    Files.writeString(file, """
        agents: {a: "10.0.0.1:7070"}
        auth: {token_file: token}
        target: {runtime: node}
        load: {url: "http://{target}:3000/json"}
        """);

    assertThat(new PlanParser(home).read(file).tokenFile()).contains(folder.resolve("token"));
  }

  @Test
  void theStaticEntryPointsReadFilesAndText() throws IOException {
    Path file = home.resolve("p.yaml");
    Files.writeString(file, """
        agents: {local: local}
        target: {runtime: node}
        load: {url: "http://{target}:3000/json", probe: 0s}
        """);

    assertThat(PlanParser.parse(file).load().probe()).isZero();
    assertThat(PlanParser.parse(Files.readString(file), "demo").name()).isEqualTo("demo");
  }

  @Test
  void defaultMemoryThatIsTooSmallForTheTargetsMustBeRaisedExplicitly() {
    assertThatThrownBy(() -> parse("""
        agents: {local: local}
        target: {runtime: node, cpus: 8, cluster: true}
        load: {url: "http://{target}:3000/json"}
        """)).isInstanceOf(PlanException.class)
        .hasMessage("plan.yaml:2:9: target.memory: the default 512 MiB is below the 576 MiB a clustered Node.js on"
            + " 8 CPUs needs (9 processes: 8 workers and the primary); set target.memory, e.g. memory: 1g (or 0 for"
            + " no limit)");
  }

  @Test
  void theLoadTransportIsReadTypedAndDefaultsToAuto() {
    String plan = """
        agents: {local: local}
        target: {runtime: go}
        load: {url: "http://{target}:3000/json"%s}
        """;

    assertThat(parse(plan.formatted("")).load().transport()).isEqualTo(LoadTransport.AUTO);
    assertThat(parse(plan.formatted(", transport: io_uring")).load().transport()).isEqualTo(LoadTransport.IO_URING);
    assertThat(parse(plan.formatted(", transport: epoll")).load().transport()).isEqualTo(LoadTransport.EPOLL);
    assertThatThrownBy(() -> parse(plan.formatted(", transport: kqueue"))).isInstanceOf(PlanException.class)
        .hasMessageContaining("load.transport: must be one of auto, io_uring, epoll, nio, got 'kqueue'");
  }

  @Test
  void twoNamesForOneAgentAreRejected() {
    assertThatThrownBy(() -> parse("""
        agents: {server: "10.0.0.9:7070", a: local, b: local}
        target: {agent: server, runtime: node}
        load: {agents: [a], url: "http://{target}:3000/json"}
        """)).isInstanceOf(PlanException.class)
        .hasMessage("plan.yaml:1:48: agents.b: has the same address as agent 'a' (local); an agent serves one"
            + " controller session, so name it once and use that name");
  }

  @Test
  void bareIpv6AgentAddressNeedsBrackets() {
    assertThatThrownBy(() -> parse("""
        agents: {a: "::1:7070"}
        target: {runtime: node}
        load: {url: "http://{target}:3000/json"}
        """)).isInstanceOf(PlanException.class)
        .hasMessage("plan.yaml:1:13: agents.a: IPv6 addresses need brackets, e.g. [::1]:7070, got '::1:7070'");
  }
}
