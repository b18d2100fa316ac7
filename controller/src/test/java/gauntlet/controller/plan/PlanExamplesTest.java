package gauntlet.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example plans in deploy/plans are what users copy: each must parse to the article's phase. */
class PlanExamplesTest {
  @TempDir
  Path home;

  static Path examplesFolder() {
    return Path.of(System.getProperty("basedir", ".")).resolve("../deploy/plans").normalize();
  }

  static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(examplesFolder())) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @BeforeEach
  void token() throws IOException {
    Files.createDirectories(home.resolve(".gauntlet"));
    Files.writeString(home.resolve(".gauntlet/token"), "secret");
  }

  private Plan example(String name) {
    return new PlanParser(home).read(examplesFolder().resolve(name));
  }

  @Test
  void everyExampleParses() throws IOException {
    List<Path> examples = examples();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
    for (Path example : examples) {
      Plan plan = new PlanParser(home).read(example);
      assertThat(plan.name()).as(example.toString()).isEqualTo(example.getFileName().toString().replace(".yaml", ""));
      assertThat(plan.cells()).as(example.toString()).hasSize(3);
      assertThat(plan.cells()).extracting(Cell::runtime).containsExactly("node", "bun", "go");
      assertThat(plan.load().threads()).isEqualTo(2);
      assertThat(plan.load().connections()).isEqualTo(200);
    }
  }

  @Test
  void theReadmesPlanParses() throws IOException {
    String readme = Files.readString(examplesFolder().resolve("../../README.md").normalize());
    int start = readme.indexOf("```yaml\n");
    assertThat(start).as("README.md has a ```yaml block").isNotNegative();
    String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 7));
    Files.createDirectories(home.resolve("certs"));
    Files.writeString(home.resolve("certs/ca.pem"), "not read while parsing");
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/id_ed25519"), "not read while parsing");
    Plan plan = new PlanParser(home).read(yaml, "README.md", home);
    assertThat(plan.ssh().identityFiles()).containsExactly(home.resolve(".ssh/id_ed25519"));
    assertThat(plan.cells()).extracting(Cell::id).containsExactly("node-4cpu-cluster", "bun-4cpu-cluster", "go-4cpu-cluster");
    assertThat(plan.tokenFile()).contains(home.resolve(".gauntlet/token"));
  }

  @Test
  void localhostPhasesRunEverythingInProcess() {
    for (String name : List.of("localhost-1cpu.yaml", "localhost-4cpu.yaml", "localhost-4cpu-cluster.yaml")) {
      Plan plan = example(name);
      assertThat(plan.agents().values()).allMatch(AgentEndpoint::isLocal);
      assertThat(plan.tokenFile()).isEmpty();
    }
    assertThat(example("localhost-1cpu.yaml").cells()).extracting(Cell::id)
        .containsExactly("node-1cpu", "bun-1cpu", "go-1cpu");
    assertThat(example("localhost-4cpu.yaml").cells()).extracting(Cell::id)
        .containsExactly("node-4cpu", "bun-4cpu", "go-4cpu");
    assertThat(example("localhost-4cpu-cluster.yaml").cells()).extracting(Cell::id)
        .containsExactly("node-4cpu-cluster", "bun-4cpu-cluster", "go-4cpu-cluster");
    assertThat(example("localhost-4cpu-cluster.yaml").cells().get(2).clusterNative()).isTrue();
  }

  @Test
  void cloudPhasesSeparateTargetAndAttacker() {
    for (String name : List.of("cloud-1cpu.yaml", "cloud-4cpu-cluster.yaml")) {
      Plan plan = example(name);
      assertThat(plan.targetAgent().isLocal()).isFalse();
      assertThat(plan.loadAgents()).singleElement().satisfies(a -> assertThat(a.isLocal()).isFalse());
      assertThat(plan.load().separateFromTarget()).isTrue();
      assertThat(plan.target().launcher()).isEqualTo("docker");
      assertThat(plan.target().memoryBytes()).isEqualTo(512L * 1024 * 1024);
      assertThat(plan.tokenFile()).contains(home.resolve(".gauntlet/token"));
    }
    assertThat(example("cloud-4cpu-cluster.yaml").cells()).allMatch(Cell::cluster);
  }
}
