package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.CellOrder;
import gauntlet.controller.plan.Plan;
import gauntlet.core.ErrorCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cells run several times: summaries, intervals, comparisons and trophies from the repetitions. */
class RepeatedRunsTest {
  private static final long MIB = SampleRuns.MIB;
  private static final double[] ONE_CPU = {25_444, 24_910, 26_020, 25_130, 25_760};
  private static final double[] HALF_CPU = {12_800, 13_420, 12_410, 13_050, 12_990};
  private static final double[] ONE_CPU_AGAIN = {25_610, 24_700, 25_980, 25_300, 25_050};

  private static CellResult run(Cell cell, double rps, double p99) {
    return SampleRuns.cell(cell, Math.round(rps * 2), 2, MIB, ErrorCounts.NONE,
        new LatencySummary(2, 1.5, 2.5, p99, p99 * 2, p99 * 4), 100 * cell.cpus(), 10 * MIB);
  }

  private static RunResult repeated(Plan plan, double[]... rps) {
    Map<String, List<CellResult>> runs = new LinkedHashMap<>();
    List<CellResult> summaries = new ArrayList<>();
    List<List<String>> rounds = new ArrayList<>();
    for (int r = 0; r < rps[0].length; r++) {
      rounds.add(plan.cells().stream().map(Cell::id).toList());
    }
    for (int c = 0; c < plan.cells().size(); c++) {
      Cell cell = plan.cells().get(c);
      List<CellResult> measured = new ArrayList<>();
      for (double value : rps[c]) {
        measured.add(run(cell, value, 40_000 / value));
      }
      runs.put(cell.id(), measured);
      summaries.add(RepeatedCells.summary(cell, measured));
    }
    return new RunResult("r", plan, SampleRuns.STARTED, List.of(), summaries, runs,
        new RunSchedule(rps[0].length, CellOrder.SHUFFLED, 42, rounds));
  }

  private static List<String> row(String ledger, String metric) {
    return ledger.lines().filter(l -> l.startsWith("| " + metric + " ")).findFirst().map(l -> {
      List<String> cells = new ArrayList<>(List.of(l.split("\\|")));
      return cells.subList(2, cells.size()).stream().map(String::strip).toList();
    }).orElseThrow(() -> new AssertionError("no row " + metric + " in\n" + ledger));
  }

  @Test
  void aQuotaHalvedIsASignificantLossAndTheFullQuotaEarnsItsTrophy() throws Exception {
    Plan plan = SampleRuns.plan(List.of("go"), List.of(1.0, 0.5), List.of(false), 0);
    RunResult run = repeated(plan, ONE_CPU, HALF_CPU);

    String ledger = LedgerWriter.render(run);
    assertThat(ledger).contains("## phase4 Ledger: Go by CPU quota");
    assertThat(row(ledger, "Throughput (RPS)")).containsExactly("25,453 RPS ± 2.2 % 🏆", "12,934 RPS ± 3.5 %");
    assertThat(row(ledger, "vs best")).containsExactly("best", "0.51× [0.49–0.53]");
    assertThat(ledger).contains("- Repetitions: 5 rounds of every cell, each on a fresh target, shuffled order"
        + " (seed 42); 5 rounds done");

    JsonNode root = new ObjectMapper().readTree(ResultsJsonWriter.render(run));
    ResultsSchema.assertValid(ResultsJsonWriter.tree(run));
    JsonNode cell = root.get("cells").get(0);
    assertThat(cell.get("repetitions")).hasSize(5);
    assertThat(cell.get("repetitions").get(2).get("rps").asDouble()).isEqualTo(26_020);
    assertThat(cell.get("mean").get("rps").asDouble()).isEqualTo(25_452.8);
    assertThat(cell.get("ci95").get("rps").get(0).asDouble()).isBetween(24_800.0, 24_900.0);
    assertThat(cell.get("requests").asLong()).as("the summary adds the repetitions up").isEqualTo(254_528);
    JsonNode rps = comparison(root, "rps");
    assertThat(rps.get("a").asText()).isEqualTo("go-0.5cpu");
    assertThat(rps.get("b").asText()).as("the better of the two").isEqualTo("go-1cpu");
    assertThat(rps.get("significant").asBoolean()).isTrue();
    assertThat(rps.get("ratio").asDouble()).isBetween(0.50, 0.52);
    assertThat(rps.get("ci95").get(0).asDouble()).isGreaterThan(0.48);
    assertThat(rps.get("ci95").get(1).asDouble()).isLessThan(0.54);
    assertThat(root.get("schedule").get("seed").asLong()).isEqualTo(42);
  }

  @Test
  void twoListingsOfOneServerAreWithinNoiseAndGetNoTrophy() throws Exception {
    Plan plan = SampleRuns.plan(List.of("go", "go"), List.of(1.0), List.of(false), 0);
    RunResult run = repeated(plan, ONE_CPU, ONE_CPU_AGAIN);

    String ledger = LedgerWriter.render(run);
    assertThat(ledger).contains("| Go (1 Core) ", "| Go (1 Core) #2 ");
    assertThat(String.join(" ", row(ledger, "Throughput (RPS)"))).doesNotContain(Trophies.TROPHY)
        .contains(Trophies.WITHIN_NOISE);
    JsonNode root = new ObjectMapper().readTree(ResultsJsonWriter.render(run));
    assertThat(comparison(root, "rps").get("significant").asBoolean()).isFalse();
    assertThat(root.get("cells").get(1).get("id").asText()).isEqualTo("go-1cpu-2");
  }

  @Test
  void aTargetFarBelowItsQuotaVoidsTheTablesTrophiesAndTheLedgerSaysWhy() {
    Plan plan = SampleRuns.plan(List.of("node", "bun"), List.of(1.0), List.of(false), 0);
    List<Cell> cells = plan.cells();
    CellSetup setup = new CellSetup(1, false, List.of(), HostUsage.NONE, List.of());
    CellResult idle = new CellResult(cells.get(1), "docker", java.util.Optional.empty(), 900_000, 30, MIB,
        ErrorCounts.NONE, new LatencySummary(2, 1, 3, 4, 5, 6), java.util.Optional.empty(),
        new TargetUsage(30, 32, 10 * MIB, 1, 30), List.of(), List.of(), List.of(), gauntlet.wire.LatencyHistograms.create(),
        List.of(), setup, CellTimeline.EMPTY);
    CellResult busy = SampleRuns.cell(cells.get(0), 300_000, 30, MIB, ErrorCounts.NONE,
        new LatencySummary(9, 8, 9, 21, 51, 94), 99, 40 * MIB);

    String ledger = LedgerWriter.render(new RunResult("r", plan, SampleRuns.STARTED, List.of(), List.of(busy, idle)));

    assertThat(row(ledger, "Throughput (RPS)")).containsExactly("10,000 RPS", "30,000 RPS");
    assertThat(ledger).contains("- No 🏆 in this table: Bun (1 Core)'s target never came near its CPU quota (peak 32 %"
        + " of 1 CPU)");
  }

  @Test
  void aHalfCpuQuotaThatBecameAWholeCoreAffinityVoidsTheTrophiesAndTheLedgerSaysSo() {
    Plan plan = SampleRuns.plan(List.of("go"), List.of(1.0, 0.5), List.of(false), 0);
    RunResult measured = repeated(plan, ONE_CPU, HALF_CPU);
    String warning = "CPU quota applied as affinity to cores 0-0: cgroups are not writable here";
    CellSetup pinned = new CellSetup(1, true, List.of(), HostUsage.NONE, List.of(warning));
    Map<String, List<CellResult>> runs = new LinkedHashMap<>(measured.repetitions());
    List<CellResult> half = runs.get("go-0.5cpu").stream().map(r -> new CellResult(r.cell(), "process", r.failure(),
        r.requests(), r.durationSeconds(), r.bytes(), r.errors(), r.latency(), r.serviceTime(), r.target(), r.network(),
        r.agents(), r.verdicts(), r.histogram(), r.intervals(), pinned, r.timeline())).toList();
    runs.put("go-0.5cpu", half);
    RunResult run = new RunResult("r", plan, SampleRuns.STARTED, List.of(), List.of(measured.cells().get(0),
        RepeatedCells.summary(plan.cells().get(1), half)), runs, measured.schedule());

    String ledger = LedgerWriter.render(run);

    assertThat(String.join(" ", row(ledger, "Throughput (RPS)"))).doesNotContain(Trophies.TROPHY);
    assertThat(ledger).contains("- No 🏆 in this table: Go (0.5 Cores)'s CPU quota was not in force (" + warning + ")",
        "- Go (0.5 Cores): ⚠️ " + warning);
  }

  private static JsonNode comparison(JsonNode root, String figure) {
    for (JsonNode c : root.get("comparisons")) {
      if (c.get("figure").asText().equals(figure)) {
        return c;
      }
    }
    throw new AssertionError("no comparison of " + figure);
  }
}
