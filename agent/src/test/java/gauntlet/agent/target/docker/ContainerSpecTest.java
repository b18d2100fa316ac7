package gauntlet.agent.target.docker;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.agent.target.BuiltInServer;
import gauntlet.agent.target.NetworkMode;
import gauntlet.agent.target.TargetConfig;
import gauntlet.agent.target.AgentInstance;
import gauntlet.agent.target.ProcessIdentity;
import gauntlet.agent.target.TargetLabels;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerSpecTest {
  private static final long MIB = 1024L * 1024L;
  private static final TargetLabels LABELS = new TargetLabels("run-7", "session-1", "agent-a", "node-1cpu",
      new AgentInstance("instance-1", new ProcessIdentity("boot-1", "pid:[1]", 42, 4242)));

  private static TargetConfig config(String runtime, double cpus, boolean cluster, NetworkMode network, String bindHost) {
    return new TargetConfig(runtime, cpus, 512 * MIB, cluster, 3000, network, bindHost, "/json", Duration.ofSeconds(30));
  }

  private static ContainerSpec spec(BuiltInServer server, TargetConfig config, int engineCpus) {
    return ContainerSpec.of(Optional.of(server), "gauntlet/" + server.runtime() + ":abc", config, LABELS, engineCpus, "f00d");
  }

  @Test
  void theArticlesOneCpuHalfGigabyteBecomesNanoCpusAndAMemoryLimit() {
    ContainerSpec spec = spec(BuiltInServer.NODE, config("node", 1, false, NetworkMode.BRIDGE, "127.0.0.1"), 4);
    assertThat(spec.nanoCpus()).isEqualTo(1_000_000_000L);
    assertThat(spec.memoryBytes()).isEqualTo(536_870_912L);
    assertThat(spec.command()).as("the image's own command: node server.js").isEmpty();
    assertThat(spec.env()).containsExactly("PORT=3000");
    assertThat(spec.warnings()).isEmpty();
  }

  @Test
  void fractionalAndUnlimitedCpus() {
    assertThat(spec(BuiltInServer.GO, config("go", 0.25, false, NetworkMode.BRIDGE, "127.0.0.1"), 2).nanoCpus())
        .isEqualTo(250_000_000L);
    assertThat(spec(BuiltInServer.GO, config("go", 0, false, NetworkMode.BRIDGE, "127.0.0.1"), 2).nanoCpus())
        .isZero();
  }

  @Test
  void cpusAboveTheEnginesAreClampedWithAWarning() {
    ContainerSpec spec = spec(BuiltInServer.NODE, config("node", 4, true, NetworkMode.BRIDGE, "127.0.0.1"), 2);
    assertThat(spec.cpus()).isEqualTo(2);
    assertThat(spec.nanoCpus()).isEqualTo(2_000_000_000L);
    assertThat(spec.warnings()).containsExactly("cpus 4 is more than the 2 CPUs of the Docker engine: clamped to 2");
    assertThat(spec.env()).as("one worker per CPU actually granted").contains("WORKERS=2");
  }

  @Test
  void clusteredNodeRunsClusterJsWithOneWorkerPerCpu() {
    ContainerSpec spec = spec(BuiltInServer.NODE, config("node", 2, true, NetworkMode.BRIDGE, "127.0.0.1"), 4);
    assertThat(spec.command()).containsExactly("node", "cluster.js");
    assertThat(spec.env()).containsExactly("PORT=3000", "WORKERS=2");
  }

  @Test
  void clusteredBunRunsOneReusePortInstancePerCpu() {
    ContainerSpec spec = spec(BuiltInServer.BUN, config("bun", 4, true, NetworkMode.BRIDGE, "127.0.0.1"), 8);
    assertThat(spec.command()).containsExactly("bun", "cluster.js");
    assertThat(spec.env()).containsExactly("PORT=3000", "INSTANCES=4");
  }

  @Test
  void clusteredGoIsGoWithGomaxprocsAtTheQuota() {
    ContainerSpec spec = spec(BuiltInServer.GO, config("go", 2, true, NetworkMode.BRIDGE, "127.0.0.1"), 4);
    assertThat(spec.command()).isEmpty();
    assertThat(spec.env()).containsExactly("PORT=3000", "GOMAXPROCS=2");
  }

  @Test
  void onTheHostsNetworkTheServerBindsTheBindHostOnly() {
    assertThat(spec(BuiltInServer.NODE, config("node", 1, false, NetworkMode.HOST, "127.0.0.1"), 2).env())
        .containsExactly("PORT=3000", "HOST=127.0.0.1");
    assertThat(spec(BuiltInServer.GO, config("go", 1, false, NetworkMode.HOST, "::1"), 2).env())
        .as("Go joins HOST:PORT, so IPv6 needs brackets").contains("HOST=[::1]");
    assertThat(spec(BuiltInServer.BUN, config("bun", 1, false, NetworkMode.HOST, "::1"), 2).env())
        .contains("HOST=::1");
  }

  @Test
  void nameAndLabelsSayWhoseContainerItIs() {
    TargetLabels labels = new TargetLabels("Run 2026/11 #3", "session-1", "agent-a", "node@4cpu",
        LABELS.owner());
    ContainerSpec spec = ContainerSpec.of(Optional.of(BuiltInServer.NODE), "img",
        config("node", 1, false, NetworkMode.BRIDGE, "127.0.0.1"), labels, 2, "1a2b3c");
    assertThat(spec.name()).isEqualTo("gauntlet-run-2026-11-3-node-4cpu-1a2b3c").matches("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    assertThat(spec.labels()).containsEntry("gauntlet.run", "Run 2026/11 #3")
        .containsEntry("gauntlet.agent", "agent-a").containsEntry("gauntlet.cell", "node@4cpu")
        .containsEntry("gauntlet.session", "session-1").containsEntry("gauntlet.instance", "instance-1")
        .containsEntry("gauntlet.owner", "boot-1/pid:[1]/42/4242");
  }

  @Test
  void clusterOnAnAllowedImageIsAWarningNotACommand() {
    ContainerSpec spec = ContainerSpec.of(Optional.empty(), "registry.local/app:1",
        config("registry.local/app:1", 2, true, NetworkMode.BRIDGE, "127.0.0.1"), LABELS, 4, "beef");
    assertThat(spec.command()).isEmpty();
    assertThat(spec.env()).containsExactly("PORT=3000");
    assertThat(spec.warnings()).singleElement().asString().contains("registry.local/app:1");
  }
}
