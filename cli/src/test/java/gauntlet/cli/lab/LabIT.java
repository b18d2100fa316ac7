package gauntlet.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import gauntlet.controller.report.ResultsSchema;
import gauntlet.controller.report.ResultsJsonWriter;
import gauntlet.core.security.BearerCredentials;
import gauntlet.core.security.BearerToken;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.PlanParser;
import gauntlet.controller.report.AgentLoadResult;
import gauntlet.controller.report.CellResult;
import gauntlet.controller.report.NetworkProbeResult;
import gauntlet.controller.report.RunResult;
import gauntlet.cli.Dialer;
import gauntlet.controller.run.Progress;
import gauntlet.controller.run.RunOrchestrator;
import io.grpc.InsecureChannelCredentials;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The article's topologies in network namespaces (deploy/lab/lab.sh): four agents, each in its
 * own namespace, driven by this JVM in the root namespace over the lab's management network.
 *
 * <p>The peer link is capped at 4 Mbit/s so that its run is network-bound by a wide margin: each
 * 136-byte response of the Go server costs ~266 bytes on the capped veth (52 B TCP/IP, 32 B
 * WireGuard header and tag plus padding, 28 B outer UDP/IP, 14 B Ethernet), so the link carries at
 * most ~1,900 responses/s, a fifth of what the server answers on one core. The probe's full
 * segments carry 1368 of every 1518 bytes: ~3.6 Mbit/s. Counting TCP/IP headers the load then
 * moves ~75% of the probed throughput, above the 60% of {@code Verdicts}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabIT {
  private static final Logger log = LoggerFactory.getLogger(LabIT.class);
  /** Data-plane addresses, the same in every lab (they exist only inside its namespaces): see lab.sh. */
  private static final String PEER_TUNNEL_ADDRESS = "198.18.2.2";
  private static final String CLOUD_TARGET_ADDRESS = "198.18.3.1";
  private static final String PEER_RATE = "4mbit";
  private static final double PEER_RATE_BITS = 4e6;
  /** Each target runs in a namespace of this lab's own, where nothing else listens. */
  private static final int TARGET_PORT = 3000;

  @TempDir
  static Path work;
  private final String name = "it" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(1 << 16), 4);
  private final List<String> timings = new ArrayList<>();
  private Lab lab;
  private long started;

  @BeforeAll
  void up() throws Exception {
    assumeThat(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))
        .as("the lab makes network namespaces and interfaces, which needs root; run the tests as root")
        .isEqualTo(0);
    List<String> missing = Lab.TOOLS.stream().filter(tool -> !onPath(tool)).toList();
    assumeThat(missing).as("the lab needs %s on PATH; scripts/setup.sh --tests installs them", missing).isEmpty();
    Path repo = repo();
    Path jar = repo.resolve("cli/target/gauntlet.jar");
    assumeThat(jar).as("the agents run cli/target/gauntlet.jar; `mvn verify` packages it before this test")
        .exists();
    started = System.nanoTime();
    lab = Lab.up(repo, name, PEER_RATE, jar, work);
    timings.add(String.format("lab up %.1f s", (System.nanoTime() - started) / 1e9));
  }

  @AfterAll
  void downAndGone() {
    if (lab == null) {
      return;
    }
    long downStarted = System.nanoTime();
    lab.close();
    timings.add(String.format("lab down %.1f s, whole test %.1f s", (System.nanoTime() - downStarted) / 1e9,
        (System.nanoTime() - started) / 1e9));
    log.info("LabIT {}: {}", name, String.join("; ", timings));
    assertThat(Lab.leftovers(name)).as("what remains of lab %s after lab.sh down", name).isEmpty();
  }

  @Test
  void loadFromTheLaptopAndTheCloudAtOnceStartsTogetherAndMergesExactly() {
    CellResult cell = runOne("""
        name: lab-cloud
        agents:
          laptop: %s
          cloud-target: %s
          cloud-attacker: %s
        target:
          agent: cloud-target
          address: %s
          runtime: go
          launcher: process
          cpus: 1
          memory: 256m
          port: %d
        load:
          agents: [cloud-attacker, laptop]
          url: http://{target}:%d/json
          threads: 1
          connections: 16
          duration: 4s
          warmup: 1s
          probe: 2s
          timeout: 2s
        """.formatted(lab.agent("laptop"), lab.agent("cloud-target"), lab.agent("cloud-attacker"),
        CLOUD_TARGET_ADDRESS, TARGET_PORT, TARGET_PORT));

    assertThat(cell.agents()).extracting(AgentLoadResult::agent).containsExactly("cloud-attacker", "laptop");
    assertThat(cell.agents()).allSatisfy(agent -> {
      assertThat(agent.requests()).as(agent.agent()).isGreaterThan(100);
      assertThat(agent.errors().total()).as(agent.agent()).isZero();
      assertThat(Math.abs(agent.startSkewMs())).as("start skew of %s", agent.agent()).isLessThan(50);
      assertThat(agent.clockRttMs()).as(agent.agent()).isPositive();
    });
    long sum = cell.agents().stream().mapToLong(AgentLoadResult::requests).sum();
    assertThat(cell.requests()).isEqualTo(sum);
    assertThat(cell.histogram().getTotalCount()).isEqualTo(sum);
    assertThat(cell.bytes()).isEqualTo(cell.agents().stream().mapToLong(AgentLoadResult::bytes).sum());
    // The backplane veth is not capped: far above what the Wi-Fi cap lets through.
    assertThat(cell.network()).hasSize(2).allSatisfy(probe ->
        assertThat(probe.bitsPerSecond()).as("probe from %s", probe.agent()).isGreaterThan(25 * PEER_RATE_BITS));
    assertThat(cell.verdicts()).noneMatch(v -> v.startsWith("network-bound"));
  }

  @Test
  void peerBehindWireGuardIsProbedNearItsCapAndItsRunIsNetworkBound() {
    CellResult cell = runOne("""
        name: lab-peer
        agents:
          laptop: %s
          peer: %s
        target:
          agent: peer
          address: %s
          runtime: go
          launcher: process
          cpus: 1
          memory: 256m
          port: %d
        load:
          agents: [laptop]
          url: http://{target}:%d/json
          threads: 1
          connections: 32
          duration: 4s
          warmup: 1s
          probe: 3s
          timeout: 2s
        """.formatted(lab.agent("laptop"), lab.agent("peer"), PEER_TUNNEL_ADDRESS, TARGET_PORT, TARGET_PORT));

    NetworkProbeResult probe = cell.network().get(0);
    assertThat(probe.bitsPerSecond()).as("probe through WireGuard over the %s link", PEER_RATE)
        .isBetween(0.6 * PEER_RATE_BITS, 1.1 * PEER_RATE_BITS);
    assertThat(cell.requests()).isGreaterThan(100);
    assertThat(cell.verdicts()).as("bytes %d in %.1f s, probe %.2f Mbit/s", cell.bytes(), cell.durationSeconds(),
        probe.bitsPerSecond() / 1e6).anyMatch(v -> v.startsWith("network-bound: agent 'laptop'"));
  }

  private CellResult runOne(String planText) {
    Plan plan = PlanParser.parse(planText, "lab.yaml");
    long runStarted = System.nanoTime();
    // The lab's agents listen beyond loopback, so they ask for the token lab.sh made.
    Dialer dialer = new Dialer(() -> {
      throw new IllegalStateException("lab plans have no local agent");
    }, InsecureChannelCredentials.create(), new BearerCredentials(BearerToken.read(lab.tokenFile(), "the lab's token")));
    RunResult run = new RunOrchestrator(plan, dialer, r -> { }, Progress.SILENT, Duration.ofSeconds(10)).run();
    ResultsSchema.assertValid(ResultsJsonWriter.tree(run));
    assertThat(run.cells()).hasSize(1);
    CellResult cell = run.cells().get(0);
    assertThat(cell.failure()).as(plan.name()).isEmpty();
    StringBuilder line = new StringBuilder(String.format("%s %.1f s: %,d requests", plan.name(),
        (System.nanoTime() - runStarted) / 1e9, cell.requests()));
    for (AgentLoadResult agent : cell.agents()) {
      line.append(String.format(", %s %,d requests skew %.2f ms (offset %.2f ms, rtt %.2f ms)", agent.agent(),
          agent.requests(), agent.startSkewMs(), agent.clockOffsetMs(), agent.clockRttMs()));
    }
    for (NetworkProbeResult probe : cell.network()) {
      line.append(String.format(", probe %s %.1f Mbit/s", probe.agent(), probe.bitsPerSecond() / 1e6));
    }
    line.append(", verdicts ").append(cell.verdicts());
    timings.add(line.toString());
    return cell;
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static Path repo() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("deploy/lab/lab.sh"))) {
      dir = dir.getParent();
    }
    assumeThat(dir).as("deploy/lab/lab.sh above %s", Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }
}
