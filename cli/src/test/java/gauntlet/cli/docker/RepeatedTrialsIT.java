package gauntlet.cli.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.agent.target.ServerPorts;
import gauntlet.cli.CommandLineUser;
import gauntlet.controller.report.ResultsSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's acceptance with real servers: Go in Docker containers with CPU quotas (the process
 * launcher can only pin cores where cgroups are not writable, and 0.5 of a core has no affinity),
 * load over loopback, every cell repeated on fresh targets. A/B at cpus 1 and 0.5 must be told
 * apart with an interval; an A/A control measures the same and (but for the interval's one chance in
 * twenty) is not; `gauntlet compare` must agree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepeatedTrialsIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir
  Path dir;

  @BeforeAll
  void docker() {
    assumeTrue(Docker.answers(), "no Docker engine answers: start dockerd (scripts/setup.sh --tests does)");
  }

  private Path plan(String name, String runtime, String cpus, int repeat) throws IOException {
    int port = ServerPorts.freeLoopbackPort();
    return Files.writeString(dir.resolve(name + ".yaml"), """
        name: %s
        agents:
          local: local
        target:
          agent: local
          runtime: %s
          launcher: docker
          cpus: %s
          memory: 256m
          port: %d
        load:
          agents: [local]
          url: http://{target}:%d/json
          threads: 2
          connections: 32
          duration: 2s
          warmup: 1s
          probe: 0s
        repeat: %d
        seed: 12
        """.formatted(name, runtime, cpus, port, port, repeat));
  }

  private JsonNode run(Path plan, Path out) throws IOException {
    CommandLineUser user = new CommandLineUser();
    int exit = user.run("run", plan.toString(), "--out", out.toString());
    assertThat(exit).as(user.out() + user.err()).isZero();
    JsonNode root = MAPPER.readTree(out.resolve("results.json").toFile());
    ResultsSchema.assertValid((com.fasterxml.jackson.databind.node.ObjectNode) root);
    return root;
  }

  private static JsonNode comparison(JsonNode root, String figure) {
    for (JsonNode c : root.get("comparisons")) {
      if (c.get("figure").asText().equals(figure)) {
        return c;
      }
    }
    throw new AssertionError("no " + figure + " comparison in " + root.get("comparisons"));
  }

  private static String throughputRow(Path out) throws IOException {
    return Files.readString(out.resolve("ledger.md")).lines().filter(l -> l.startsWith("| Throughput (RPS)"))
        .findFirst().orElseThrow();
  }

  /**
   * Why the run's ledger gives no trophy at all ("No 🏆 in this table: ..."), e.g. a host so busy
   * that the 1-CPU target never got near its quota: then no quota was the limit and nothing can
   * tell the cells apart. Empty when the targets were held by their quotas.
   */
  private static java.util.Optional<String> noContest(Path out) throws IOException {
    return Files.readString(out.resolve("ledger.md")).lines().filter(l -> l.startsWith("- No 🏆 in this table: "))
        .findFirst();
  }

  @Test
  void halfTheCpuQuotaIsASignificantlyLowerThroughputAndTheFullQuotaWins() throws IOException {
    Path out = dir.resolve("ab");
    JsonNode root = run(plan("ab", "go", "[1, 0.5]", 5), out);

    assertThat(root.get("schedule").get("rounds")).hasSize(5);
    for (JsonNode cell : root.get("cells")) {
      assertThat(cell.get("repetitions")).hasSize(5);
      assertThat(cell.get("ci95").get("rps")).hasSize(2);
      for (int r = 1; r <= 5; r++) {
        assertThat(out.resolve(cell.get("id").asText() + "-r" + r + ".hlog")).isRegularFile();
      }
    }
    String ledger = Files.readString(out.resolve("ledger.md"));
    assertThat(ledger).contains("| vs best ");
    java.util.Optional<String> noContest = noContest(out);
    if (noContest.isPresent()) {
      // The machine is shared: when other work held the CPUs, the ledger must say so and crown nobody.
      assertThat(throughputRow(out)).doesNotContain("🏆");
      assumeTrue(false, "the host had no CPU to spare for the quotas to bind, and the ledger says so: "
          + noContest.get());
    }
    JsonNode rps = comparison(root, "rps");
    assertThat(rps.get("a").asText()).as(ledger).isEqualTo("go-0.5cpu");
    assertThat(rps.get("b").asText()).isEqualTo("go-1cpu");
    assertThat(rps.get("significant").asBoolean()).as(rps + "\n" + ledger).isTrue();
    // Half the quota measures about half the throughput, and the interval holds the ratio and lies
    // wholly below 1. How far the interval reaches either side of its centre is the VM's noise in five
    // 2 s rounds, not the quota's effect, so its width is not asserted: clean clones read 0.405 in
    // [0.262, 0.625] and 0.551 in [0.381, 0.797] (the 1-core cell at ± 30.5 %).
    double ratio = rps.get("ratio").asDouble();
    assertThat(ratio).as(rps + "\n" + ledger).isBetween(0.35, 0.7);
    assertThat(rps.get("ci95").get(0).asDouble()).as(rps.toString()).isLessThanOrEqualTo(ratio);
    assertThat(rps.get("ci95").get(1).asDouble()).as(rps + "\n" + ledger).isGreaterThanOrEqualTo(ratio).isLessThan(1.0);
    assertThat(throughputRow(out)).as(ledger).matches("\\| Throughput \\(RPS\\) +\\| [0-9,]+ RPS ± [0-9.]+ % 🏆 +\\|"
        + " [0-9,]+ RPS ± [0-9.]+ % +\\|");
  }

  @Test
  void compareSeesNoChangeInARunAgainstItselfAndARegressionAtHalfTheCpus() throws IOException {
    Path full = dir.resolve("full");
    run(plan("cmp", "go", "1", 3), full);
    CommandLineUser same = new CommandLineUser();
    assertThat(same.run("compare", full.toString(), full.toString())).as(same.out() + same.err()).isZero();
    assertThat(same.out()).contains("within noise", "Result: no significant regression").doesNotContain("REGRESSION —");
    assertThat(full.resolve("compare.md")).isRegularFile();

    // The same plan again, its Go target at half the CPUs.
    Path half = dir.resolve("half");
    run(plan("cmp", "go", "0.5", 3), half);
    CommandLineUser regressed = new CommandLineUser();
    int exit = regressed.run("compare", full.toString(), half.toString(), "--max-regression", "5%");
    assertThat(regressed.out()).contains("go-1cpu → go-0.5cpu (cpus 1 → 0.5)");
    java.util.Optional<String> noContest = noContest(full).or(() -> {
      try {
        return noContest(half);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assumeTrue(noContest.isEmpty() || exit == 1, () -> "the host had no CPU to spare for the quotas to bind, and the"
        + " ledger says so: " + noContest.get());
    assertThat(exit).as(regressed.out() + regressed.err()).isEqualTo(1);
    assertThat(regressed.out()).contains("significant — REGRESSION");
    assertThat(half.resolve("compare.md")).content().contains("Result: REGRESSION");
  }

  @Test
  void theSameServerListedTwiceIsWithinNoiseAndWinsNoTrophy() throws IOException {
    Path out = dir.resolve("aa");
    JsonNode root = run(plan("aa", "[go, go]", "1", 5), out);

    assertThat(root.get("cells")).extracting(c -> c.get("id").asText()).containsExactly("go-1cpu", "go-1cpu-2");
    JsonNode rps = comparison(root, "rps");
    // The same server measures the same, within the VM's own noise, which the interval measures: a
    // fixed bound on the ratio would measure the VM instead (three runs here read 0.959 in [0.866,
    // 1.061], 0.921 in [0.797, 1.064], 0.971 in [0.890, 1.061]). This bound only catches a cell
    // measured wrongly, e.g. for half its duration: 0.5 or 2.
    assertThat(rps.get("ratio").asDouble()).as(rps.toString()).isBetween(0.75, 1 / 0.75);
    if (rps.get("significant").asBoolean()) {
      // A 95 % interval excludes 1 in one A/A run of twenty, by design, and the ledger then says
      // so as it would for two servers (CI once saw ratio 0.926, interval [0.876, 0.979]); that the
      // interval is right is RatioIntervalTest's to show, against a statistics library.
      System.out.println("A/A run called significant, as one in twenty is: " + rps);
      return;
    }
    assertThat(rps.get("ci95").get(0).asDouble()).as(rps.toString()).isLessThanOrEqualTo(1.0);
    assertThat(rps.get("ci95").get(1).asDouble()).as(rps.toString()).isGreaterThanOrEqualTo(1.0);
    assertThat(throughputRow(out)).doesNotContain("🏆");
  }
}
