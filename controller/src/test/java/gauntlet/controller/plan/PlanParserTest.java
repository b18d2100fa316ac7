package gauntlet.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanParserTest {
  static final String CLOUD = """
      name: phase4-cloud-4cpu
      agents:
        target: 159.65.6.89:7070
        attacker: 10.110.0.3:7070
      target:
        agent: target
        runtime: [node, bun, go]
        launcher: docker
        cpus: 4
        memory: 512m
        cluster: true
        port: 3000
        network: bridge
      load:
        agents: [attacker]
        url: http://{target}:3000/json
        threads: 2
        connections: 200
        duration: 30s
        warmup: 5s
        timeout: 2s
        rate: 0
      """;

  @Test
  void designDocumentPlanReadsAsWritten() {
    Plan plan = PlanParser.parse(CLOUD, "plan.yaml");

    assertThat(plan.name()).isEqualTo("phase4-cloud-4cpu");
    assertThat(plan.agents()).containsOnlyKeys("target", "attacker");
    assertThat(plan.targetAgent()).isEqualTo(new AgentEndpoint("target", "159.65.6.89", 7070));
    assertThat(plan.target().runtimes()).containsExactly("node", "bun", "go");
    assertThat(plan.target().launcher()).isEqualTo("docker");
    assertThat(plan.target().cpus()).containsExactly(4.0);
    assertThat(plan.target().memoryBytes()).isEqualTo(512L << 20);
    assertThat(plan.load().agents()).containsExactly("attacker");
    assertThat(plan.load().duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(plan.load().warmup()).isEqualTo(Duration.ofSeconds(5));
    assertThat(plan.load().timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(plan.load().rate()).isZero();
    assertThat(plan.onAgentLoss()).isEqualTo(AgentLossPolicy.CONTINUE);
  }

  @Test
  void clusteredPlanRunsGoNativelyOnce() {
    Plan plan = PlanParser.parse(CLOUD, "plan.yaml");
    assertThat(plan.cells()).extracting(Cell::id).containsExactly("node-4cpu-cluster", "bun-4cpu-cluster", "go-4cpu-cluster");
    assertThat(plan.cells().get(2).clusterNative()).isTrue();
  }

  @Test
  void listsExpandIntoTheMatrixInPlanOrderWithGoRunOncePerCpuCount() {
    Plan plan = PlanParser.parse(CLOUD.replace("cpus: 4", "cpus: [1, 4]").replace("cluster: true", "cluster: [false, true]"),
        "plan.yaml");
    assertThat(plan.cells()).extracting(Cell::id).containsExactly(
        "node-1cpu", "bun-1cpu", "go-1cpu", "node-1cpu-cluster", "bun-1cpu-cluster",
        "node-4cpu", "bun-4cpu", "go-4cpu", "node-4cpu-cluster", "bun-4cpu-cluster");
    assertThat(plan.cells()).extracting(Cell::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void minimalPlanGetsTheArticlesDefaults() {
    Plan plan = PlanParser.parse("""
        agents: {local: local}
        target: {agent: local, runtime: go}
        load: {agents: local, url: "http://{target}:3000/json"}
        """, "tiny.yaml");
    assertThat(plan.name()).isEqualTo("tiny");
    assertThat(plan.targetAgent().isLocal()).isTrue();
    assertThat(plan.target().cpus()).containsExactly(1.0);
    assertThat(plan.target().memoryBytes()).isEqualTo(512L << 20);
    assertThat(plan.target().port()).isEqualTo(3000);
    assertThat(plan.target().network()).isEqualTo("bridge");
    assertThat(plan.target().launcher()).isEmpty();
    assertThat(plan.load().threads()).isEqualTo(2);
    assertThat(plan.load().connections()).isEqualTo(200);
    assertThat(plan.load().duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(plan.load().warmup()).isZero();
    assertThat(plan.cells()).extracting(Cell::id).containsExactly("go-1cpu");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "30s;30000", "500ms;500", "2m;120000", "1h;3600000", "1m30s;90000", "0.5s;500"})
  void durationsAreWrittenLikeWrks(String written, long millis) {
    Plan plan = PlanParser.parse(CLOUD.replace("duration: 30s", "duration: " + written), "plan.yaml");
    assertThat(plan.load().duration()).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"512m;536870912", "1g;1073741824", "256MiB;268435456", "100000000;100000000",
      "0;0"})
  void memoryIsWrittenLikeDockers(String written, long bytes) {
    Plan plan = PlanParser.parse(CLOUD.replace("memory: 512m", "memory: " + written).replace("[node, bun, go]", "go"),
        "plan.yaml");
    assertThat(plan.target().memoryBytes()).isEqualTo(bytes);
  }

  @Test
  void ipv6AgentsAreWrittenInBrackets() {
    Plan plan = PlanParser.parse(CLOUD.replace("10.110.0.3:7070", "'[::1]:7070'"), "plan.yaml");
    assertThat(plan.agents().get("attacker")).isEqualTo(new AgentEndpoint("attacker", "::1", 7070));
    assertThat(plan.agents().get("attacker").toString()).isEqualTo("[::1]:7070");
  }

  // -----------------------------------------------------------------------------------------
  // Mistakes: one line, naming where, the field and the value

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "runtime: [node, bun, go];runtime: [node, rust, go];plan.yaml:7:19: target.runtime[1]: unknown runtime 'rust'",
      "runtime: [node, bun, go];runtime: [node, bnu];plan.yaml:7:19: target.runtime[1]: unknown runtime 'bnu'; use node, bun, go or an image reference such as nginx:alpine (did you mean 'bun'?)",
      "duration: 30s;duration: -5s;plan.yaml:19:13: load.duration: must be positive, got '-5s'",
      "duration: 30s;duration: 0s;plan.yaml:19:13: load.duration: must be positive, got '0s'",
      "duration: 30s;duration: 30;plan.yaml:19:13: load.duration: needs a unit, e.g. '30s' or '30ms'; got '30'",
      "duration: 30s;duration: thirty;plan.yaml:19:13: load.duration: must be a duration such as 30s, 500ms, 2m or 1m30s, got 'thirty'",
      "warmup: 5s;warmup: -1s;plan.yaml:20:11: load.warmup: must be positive, got '-1s'",
      "cpus: 4;cpus: -2;plan.yaml:9:9: target.cpus: must be between 0 (unlimited) and 1024 CPUs, got '-2'",
      "port: 3000;port: 70000;plan.yaml:12:9: target.port: must be a whole number from 1 to 65535, got '70000'",
      "threads: 2;threads: 0;plan.yaml:17:12: load.threads: must be a whole number from 1 to 1024, got '0'",
      "connections: 200;connections: 1;plan.yaml:18:16: load.connections: must be at least load.threads (2), got 1",
      "rate: 0;rate: -100;plan.yaml:22:9: load.rate: must be 0 (closed model) or a positive requests/second, got '-100'",
      "launcher: docker;launcher: podman;plan.yaml:8:13: target.launcher: must be one of docker, process, got 'podman'",
      "network: bridge;network: hots;plan.yaml:13:12: target.network: must be one of bridge, host, got 'hots' (did you mean 'host'?)",
      "memory: 512m;memory: 10m;plan.yaml:10:11: target.memory: node needs at least 64 MiB to start, got 10 MiB",
      "memory: 512m;memory: lots;plan.yaml:10:11: target.memory: must be a size such as 512m, 1g or 256MiB, got 'lots'",
      "agent: target;agent: tragte;plan.yaml:6:10: target.agent: names agent 'tragte', which is not under agents: (did you mean 'target'?)",
      "agents: [attacker];agents: [attacker, nobody];plan.yaml:15:22: load.agents[1]: names agent 'nobody', which is not under agents:",
      "url: http://{target}:3000/json;url: http://{host}:3000/json;plan.yaml:16:8: load.url: has an unknown placeholder {host}; the only one is {target}",
      "url: http://{target}:3000/json;url: ftp://{target}/json;plan.yaml:16:8: load.url: must be an http:// URL such as http://{target}:3000/json, got 'ftp://{target}/json'",
      "10.110.0.3:7070;10.110.0.3;plan.yaml:4:13: agents.attacker: must be 'local' or host:port of a running `gauntlet agent`, got '10.110.0.3'",
      "cluster: true;cluster: maybe;plan.yaml:11:12: target.cluster: must be true or false, got 'maybe'",
      "timeout: 2s;timout: 2s;plan.yaml:21:3: load.timout: is not a plan key (did you mean 'timeout'?); known here: agents, connections, duration, probe, rate, separate_from_target, threads, timeout, url, warmup",
      "  network: bridge;  netwrk: bridge;plan.yaml:13:3: target.netwrk: is not a plan key (did you mean 'network'?); known here: agent, cluster, cpus, health_timeout, launcher, memory, network, port, runtime",
  })
  void mistakeIsOneLineNamingPlaceFieldAndValue(String from, String to, String message) {
    assertThat(CLOUD).contains(from);
    assertThatThrownBy(() -> PlanParser.parse(CLOUD.replace(from, to), "plan.yaml"))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void unknownTopLevelKeySuggestsTheRightOne() {
    assertThatThrownBy(() -> PlanParser.parse(CLOUD.replace("load:", "laod:"), "plan.yaml"))
        .hasMessageStartingWith("plan.yaml:14:1: laod: is not a plan key (did you mean 'load'?)");
  }

  @Test
  void duplicateAgentNamesAreRefusedWithBothLines() {
    String plan = CLOUD.replace("  attacker: 10.110.0.3:7070", "  attacker: 10.110.0.3:7070\n  attacker: 10.110.0.4:7070");
    assertThatThrownBy(() -> PlanParser.parse(plan, "plan.yaml"))
        .isInstanceOf(PlanException.class)
        .hasMessage("plan.yaml:5:3: 'attacker' appears twice in the same section (first at line 4)");
  }

  @Test
  void malformedYamlIsReportedWithLineAndColumn() {
    assertThatThrownBy(() -> PlanParser.parse("agents:\n  local: local\ntarget: [unclosed\n", "plan.yaml"))
        .isInstanceOf(PlanException.class)
        .hasMessageMatching("plan\\.yaml:\\d+:\\d+: not valid YAML: .*");
    assertThatThrownBy(() -> PlanParser.parse("agents:\n  local: local\n bad-indent: x\n", "plan.yaml"))
        .isInstanceOf(PlanException.class)
        .hasMessageMatching("plan\\.yaml:3:\\d+: not valid YAML: .*");
  }

  @Test
  void missingSectionsAreNamed() {
    assertThatThrownBy(() -> PlanParser.parse("agents: {local: local}\nload: {agents: local, url: 'http://x/'}\n",
        "plan.yaml")).hasMessage("plan.yaml:1:1: target: is missing from the plan");
    assertThatThrownBy(() -> PlanParser.parse(CLOUD.replace("  url: http://{target}:3000/json\n", ""), "plan.yaml"))
        .hasMessage("plan.yaml:15:3: load.url: is missing from load:");
    assertThatThrownBy(() -> PlanParser.parse("", "plan.yaml"))
        .hasMessageContaining("the plan is empty");
  }

  @Test
  void loadAgentThatIsTheTargetIsRefusedWhenThePlanSaysSo() {
    String plan = CLOUD.replace("agents: [attacker]", "agents: [attacker, target]")
        .replace("rate: 0", "rate: 0\n  separate_from_target: true");
    assertThatThrownBy(() -> PlanParser.parse(plan, "plan.yaml"))
        .hasMessageStartingWith("plan.yaml:15:11: load.agents: includes the target agent 'target'");
  }

  @Test
  void tokenFileMustExist(@TempDir Path dir) throws Exception {
    String plan = CLOUD + "auth:\n  token_file: missing-token\n";
    assertThatThrownBy(() -> PlanParser.parse(plan, "plan.yaml"))
        .hasMessageStartingWith("plan.yaml:24:15: auth.token_file: names 'missing-token', which is not a readable file");
    Path token = Files.writeString(dir.resolve("token"), "secret");
    Path file = Files.writeString(dir.resolve("plan.yaml"), CLOUD + "auth:\n  token_file: token\n");
    assertThat(PlanParser.parse(file).tokenFile()).contains(token);
  }

  @Test
  void imageReferencesPassAsRuntimesForTheAgentToAllow() {
    Plan plan = PlanParser.parse(CLOUD.replace("[node, bun, go]", "[nginx:alpine, registry.local/app]"), "plan.yaml");
    assertThat(plan.target().runtimes()).isEqualTo(List.of("nginx:alpine", "registry.local/app"));
  }
}
