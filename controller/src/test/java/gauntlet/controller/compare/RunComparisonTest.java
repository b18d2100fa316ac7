package gauntlet.controller.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunComparisonTest {
  private static final double[] ONE_CPU = {25_444, 24_910, 26_020, 25_130, 25_760};
  private static final double[] HALF_CPU = {12_800, 13_420, 12_410, 13_050, 12_990};
  private static final double[] AGAIN = {25_610, 24_700, 25_980, 25_300, 25_050};

  private static RecordedCell go(String id, double cpus, double[] rps) {
    double[] p99 = java.util.Arrays.stream(rps).map(r -> 40_000 / r).toArray();
    return new RecordedCell(id, "go", cpus, false, 0, "ok", Map.of("rps", rps, "p99_ms", p99));
  }

  private static RecordedRun run(String id, RecordedCell... cells) {
    return new RecordedRun(Path.of(id), id, List.of(cells));
  }

  @Test
  void aRunAgainstARerunIsWithinNoise() {
    RunComparison same = RunComparison.of(run("a", go("go-1cpu", 1, ONE_CPU)), run("b", go("go-1cpu", 1, AGAIN)), 0.05);

    assertThat(same.cells()).hasSize(1);
    assertThat(same.cells().get(0).figures()).allSatisfy(f -> assertThat(f.significant()).isFalse());
    assertThat(same.regressed()).isFalse();
    assertThat(CompareReport.markdown(same)).contains("within noise", "Result: no significant regression beyond 5 %");
  }

  @Test
  void halfTheCpusIsASignificantRegressionOfThroughputAndLatencyMatchedDespiteTheQuota() {
    RunComparison worse = RunComparison.of(run("a", go("go-1cpu", 1, ONE_CPU)),
        run("b", go("go-0.5cpu", 0.5, HALF_CPU)), 0.05);

    CellChange cell = worse.cells().get(0);
    assertThat(cell.note()).isEqualTo("cpus 1 → 0.5");
    FigureChange rps = cell.figures().get(0);
    assertThat(rps.figure()).isEqualTo("rps");
    assertThat(rps.ratio()).isBetween(0.50, 0.52);
    assertThat(rps.ci95().orElseThrow().hi()).isLessThan(0.54);
    assertThat(rps.regression()).isTrue();
    assertThat(cell.figures().get(1).regression()).as("p99 doubled").isTrue();
    assertThat(worse.regressed()).isTrue();
    assertThat(CompareReport.markdown(worse)).contains("| go-1cpu → go-0.5cpu (cpus 1 → 0.5) (5 vs 5 runs) | Throughput"
        + " | 25,453 RPS | 12,934 RPS | -49.2 % | 0.51× [0.49–0.53] | significant — REGRESSION |");
  }

  @Test
  void aSignificantGainOrALossWithinTheLimitIsNoRegression() {
    double[] slightlySlower = java.util.Arrays.stream(ONE_CPU).map(v -> v * 0.97).toArray();
    RunComparison small = RunComparison.of(run("a", go("go-1cpu", 1, ONE_CPU)),
        run("b", go("go-1cpu", 1, slightlySlower)), 0.05);
    assertThat(small.regressed()).isFalse();
    RunComparison faster = RunComparison.of(run("a", go("go-1cpu", 1, HALF_CPU)), run("b", go("go-1cpu", 1, ONE_CPU)),
        0.05);
    assertThat(faster.cells().get(0).figures().get(0).significant()).isTrue();
    assertThat(faster.regressed()).isFalse();
  }

  @Test
  void singleRunsCountOnlyBeyondTheNoiseFloor() {
    RunComparison within = RunComparison.of(run("a", go("go-1cpu", 1, new double[] {25_000})),
        run("b", go("go-1cpu", 1, new double[] {21_000})), 0.05);
    assertThat(within.regressed()).isFalse();
    assertThat(within.cells().get(0).figures().get(0).ci95()).isEmpty();
    RunComparison beyond = RunComparison.of(run("a", go("go-1cpu", 1, new double[] {25_000})),
        run("b", go("go-1cpu", 1, new double[] {12_500})), 0.05);
    assertThat(beyond.regressed()).isTrue();
  }
}
