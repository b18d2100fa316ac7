package gauntlet.cli.fault;

import static gauntlet.cli.fault.FaultFixtures.results;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gauntlet.agent.AgentSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller↔agent path dropped (iptables DROP, sockets stay open) in the middle of a cell.
 * The agent is a real {@code gauntlet agent} in a network namespace of this test, the controller a
 * real {@code gauntlet run} here; only the veth pair between them is cut, the agent's load on its
 * own target goes on. A partition shorter than the lease must not fail the cell; a longer one must.
 */
class NetworkPartitionIT {
  private static final Duration LEASE = AgentSettings.DEFAULT_LEASE;
  private static final Duration RUN_LIMIT = Duration.ofMinutes(3);
  private static final int AGENT_PORT = 7070;
  private static final int TARGET_PORT = 3000;
  /** The first cell's progress line two seconds into its load, e.g. "[1] node 1 cpu    2/20 s ...". */
  private static final String LOADING = "^cell 1/\\d+ . .* node 1 cpu +[2-9]/\\d+ s ";

  @TempDir
  Path dir;
  private TestNamespace namespace;
  private GauntletProcess agent;
  private Path token;

  @BeforeEach
  void startAgentInItsNamespace() throws Exception {
    assumeTrue(TestNamespace.possibleHere(), "network namespaces need root, ip and iptables");
    namespace = TestNamespace.create();
    token = Files.writeString(dir.resolve("token"), "0123456789abcdef0123456789abcdef\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    Path work = Files.createDirectories(dir.resolve("agent"));
    agent = GauntletProcess.startWrapped("agent in " + namespace.name(), dir, namespace.exec(), "agent",
        "--listen", namespace.insideAddress() + ":" + AGENT_PORT, "--name", "edge", "--work-dir", work.toString(),
        "--launcher", "process", "--token-file", token.toString(), "--lease", LEASE.toSeconds() + "s");
    agent.awaitLine("Agent 'edge' listening on", FaultFixtures.AGENT_START);
  }

  @AfterEach
  void removeAgentAndNamespace() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (namespace != null) {
      namespace.close();
      assertThat(namespace.exists()).as("namespace " + namespace.name() + " or its veth left").isFalse();
    }
  }

  /** How a run took a partition: the controller's exit code and output, and its one cell in results.json. */
  private record Outcome(int exit, String output, JsonNode cell) {}

  /**
   * Runs a one-cell plan of {@code duration} against the agent in the namespace and cuts the
   * namespace off for {@code partition} once the load has begun.
   */
  private Outcome partitionFor(Duration partition, String duration) throws Exception {
    Path out = dir.resolve("out");
    try (GauntletProcess controller = controller(out, duration)) {
      controller.awaitLine(LOADING, RUN_LIMIT);
      cutFor(partition);

      int exit = controller.awaitExit(RUN_LIMIT);
      JsonNode cell = results(out).get("cells").get(0);
      System.out.printf("partition of %d s (lease %d s): exit %d, cell %s, %d requests%s%n", partition.toSeconds(),
          LEASE.toSeconds(), exit, cell.get("status").asText(), cell.path("requests").asLong(),
          cell.has("failure") ? ": " + cell.get("failure").asText() : "");
      return new Outcome(exit, controller.output(), cell);
    }
  }

  @Test
  void aPartitionShorterThanTheLeaseDoesNotFailTheCell() throws Exception {
    Outcome run = partitionFor(Duration.ofSeconds(6), "20s");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.cell().get("status").asText()).isEqualTo("ok");
    assertThat(run.cell().get("requests").asLong()).isPositive();
    assertThat(agent.output()).doesNotContain("expired");
  }

  @Test
  void aPartitionLongerThanTheLeaseFailsTheCell() throws Exception {
    Outcome run = partitionFor(LEASE.plusSeconds(5), "40s");

    assertThat(run.exit()).as(run.output()).isEqualTo(1);
    assertThat(run.cell().get("status").asText()).isEqualTo("failed");
    assertThat(run.cell().get("failure").asText()).startsWith("Agent 'edge'").contains("was lost");
    agent.awaitLine("Lease of run '.*' expired", Duration.ofSeconds(30));
  }

  /** The partition itself: what is measured is how the run takes a cut of this length. */
  private void cutFor(Duration partition) throws Exception {
    namespace.cut();
    try {
      LockSupport.parkNanos(partition.toNanos());
    } finally {
      namespace.heal();
    }
  }

  private GauntletProcess controller(Path out, String duration) throws Exception {
    Path plan = Files.writeString(dir.resolve("plan.yaml"), """
        name: partition
        auth: {token_file: %s}
        agents:
          edge: %s:%d
        target: {agent: edge, runtime: node, launcher: process, cpus: 1, port: %d}
        load: {agents: [edge], url: 'http://{target}:%d/json', threads: 1, connections: 4, duration: %s,
               warmup: 500ms, probe: 0s}
        """.formatted(token, namespace.insideAddress(), AGENT_PORT, TARGET_PORT, TARGET_PORT, duration));
    return GauntletProcess.start("controller", dir, "run", plan.toString(), "--out", out.toString(),
        "--lease", LEASE.toSeconds() + "s");
  }
}
