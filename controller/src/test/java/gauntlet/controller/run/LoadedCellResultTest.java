package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.LoadPlan;
import gauntlet.controller.plan.UrlTemplate;
import gauntlet.controller.report.CellResult;
import gauntlet.controller.report.LoadPath;
import gauntlet.core.ErrorCounts;
import gauntlet.core.IntervalSnapshot;
import gauntlet.v1.ResourceSample;
import gauntlet.v1.TargetStarted;
import gauntlet.wire.LatencyHistograms;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadedCellResultTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long AGREED = 1_700_000_000L * SECOND;
  private static final LoadStart START = new LoadStart(AGREED, AGREED + SECOND, AGREED + 3 * SECOND);
  private static final LoadPlan LOAD = new LoadPlan(List.of("a", "b"), UrlTemplate.parse("http://{target}:3000/"),
      "GET", Map.of(), "", 1, 8, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2), 0,
      Duration.ZERO, false);
  private static final Cell CELL = new Cell(0, "go", 0, false);
  private static final ClockEstimate AHEAD = new ClockEstimate(3 * SECOND, 2_000_000);

  private final LoadMerger merger = new LoadMerger(List.of("a", "b"), Duration.ofSeconds(1), START.measuredStartUnixNanos());
  private final TargetSamples samples = new TargetSamples(ClockEstimate.SAME_CLOCK);

  private CellResult result(TargetStarted target) {
    List<LoadedCellResult.Loader> loaders = List.of(new LoadedCellResult.Loader("a", AHEAD, 4, true),
        new LoadedCellResult.Loader("b", ClockEstimate.SAME_CLOCK, 8, false));
    List<LoadRoutes.Route> routes = List.of(
        new LoadRoutes.Route(new LoadPath("a", LoadPath.VIA_DOCKER_PROXY, "http://127.0.0.1:3000/"),
            Optional.of("agent 'a''s load went through docker-proxy")),
        new LoadRoutes.Route(new LoadPath("b", LoadPath.KERNEL_NAT, "http://10.0.0.2:3000/"), Optional.empty()));
    return LoadedCellResult.of(new LoadedCellResult.Inputs(CELL, LOAD, target, 6, START, merger.result(), samples,
        loaders, routes, List.of(), gauntlet.controller.plan.TargetNetwork.AUTO, "host"));
  }

  private void measure() {
    merger.started("a", AHEAD, AHEAD.toAgent(AGREED + 2_500_000));
    for (int s = 1; s <= 2; s++) {
      merger.add("a", AHEAD, interval(AHEAD.toAgent(AGREED + s * SECOND), 100));
      merger.add("b", ClockEstimate.SAME_CLOCK, interval(AGREED + s * SECOND, 50));
      samples.add(ResourceSample.newBuilder().setUnixNanos(AGREED + (s + 1) * SECOND).setCpuPct(40 * s)
          .setMemoryBytes(1 << 20).setProcesses(1).setHostCpuPct(100).setHostCores(6).build());
    }
  }

  @Test
  void figuresComeFromTheMergeAndTheTargetsSamplesInTheMeasuredWindow() {
    measure();
    CellResult r = result(TargetStarted.newBuilder().setLauncher("docker").setCpus(2).build());

    assertThat(r.failure()).isEmpty();
    assertThat(r.launcher()).isEqualTo("docker");
    assertThat(r.requests()).isEqualTo(300);
    assertThat(r.histogram().getTotalCount()).isEqualTo(300);
    assertThat(r.durationSeconds()).isEqualTo(2.0);
    assertThat(r.timeline().load()).hasSize(2);
    assertThat(r.target().cpuPeakPct()).isEqualTo(80);
    assertThat(r.setup().quotaCpus()).isEqualTo(2);
  }

  @Test
  void eachAgentsShareSaysHowLateItStartedAndOnlyStartedAgentsHaveASkew() {
    measure();
    CellResult r = result(TargetStarted.newBuilder().setLauncher("docker").setCpus(2).build());

    assertThat(r.agents()).extracting(a -> a.agent(), a -> a.requests(), a -> a.startSkewMs(), a -> a.cores(),
        a -> a.clockRttMs()).containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 200L, 2.5, 4, 2.0),
            org.assertj.core.groups.Tuple.tuple("b", 100L, 0.0, 8, 0.0));
  }

  @Test
  void anUnlimitedTargetsQuotaIsItsHostsCores() {
    measure();
    CellResult r = result(TargetStarted.newBuilder().setLauncher("process").build());

    assertThat(r.setup().quotaCpus()).isEqualTo(6);
  }

  @Test
  void warningsHoldTheTargetsAndThoseOfTheLoadsRoutes() {
    measure();
    CellResult r = result(TargetStarted.newBuilder().setLauncher("docker").setCpus(2)
        .addWarnings("asks for 4 CPUs but this machine has 2: running it with 2").build());

    assertThat(r.setup().warnings()).containsExactly("asks for 4 CPUs but this machine has 2: running it with 2",
        "agent 'a''s load went through docker-proxy");
    assertThat(r.setup().networkPath()).isEqualTo("published port via docker-proxy + published port (kernel DNAT)");
  }

  @Test
  void aTargetThatStoppedServingFailsTheCellWithTheAgentsReason() {
    measure();
    CellResult r = result(TargetStarted.newBuilder().setLauncher("process").build());

    assertThat(LoadedCellResult.failure(r, "the target process (pid 42) exited with code 137"))
        .contains("the target stopped serving mid-cell: the target process (pid 42) exited with code 137 (0 errors"
            + " by then)");
    assertThat(LoadedCellResult.failure(r, null)).isEmpty();
  }

  @Test
  void aCellWhereNoRequestSucceededFails() {
    merger.add("a", AHEAD, new IntervalSnapshot(AHEAD.toAgent(AGREED + SECOND), AHEAD.toAgent(AGREED + 2 * SECOND),
        false, 0, 0, ErrorCounts.of(95_161, 0, 0, 0, 0), LatencyHistograms.create(), null, 30, 0).toWire(50));
    CellResult r = result(TargetStarted.newBuilder().setLauncher("process").build());

    assertThat(LoadedCellResult.failure(r, null))
        .contains("no request succeeded: 95,161 Connect errors out of 95,161 requests");
  }

  @Test
  void whatRanSaysTheLimitsInForceAndAProcessHasNoBridge() {
    assertThat(LoadedCellResult.ran(TargetStarted.newBuilder().setLauncher("process").setCpus(1).build(), "host"))
        .isEqualTo("process launcher, host network, CPU limit 1, no memory limit");
    assertThat(LoadedCellResult.ran(TargetStarted.newBuilder().setLauncher("docker").setImage("gauntlet/go:1")
        .setCpus(0.5).setMemoryBytes(512L << 20).build(), "bridge"))
        .isEqualTo("docker launcher (image gauntlet/go:1), bridge network, CPU limit 0.5, memory limit 512.0 MiB");
    measure();
    List<LoadedCellResult.Loader> loaders = List.of(new LoadedCellResult.Loader("a", AHEAD, 4, true),
        new LoadedCellResult.Loader("b", ClockEstimate.SAME_CLOCK, 8, false));
    List<LoadRoutes.Route> routes = List.of(
        new LoadRoutes.Route(new LoadPath("a", LoadPath.HOST, "http://127.0.0.1:3000/"), Optional.empty()),
        new LoadRoutes.Route(new LoadPath("b", LoadPath.HOST, "http://127.0.0.1:3000/"), Optional.empty()));
    CellResult r = LoadedCellResult.of(new LoadedCellResult.Inputs(CELL, LOAD,
        TargetStarted.newBuilder().setLauncher("process").setMemoryBytes(0).build(), 6, START, merger.result(), samples,
        loaders, routes, List.of(), gauntlet.controller.plan.TargetNetwork.BRIDGE, "bridge"));
    assertThat(r.setup().ran()).isEqualTo("process launcher, host network, no CPU limit, no memory limit");
    assertThat(r.setup().warnings()).singleElement().asString().startsWith("target.network bridge not in force");
  }

  private static gauntlet.v1.IntervalReport interval(long startAgentNanos, long requests) {
    Histogram h = LatencyHistograms.create();
    for (int i = 0; i < requests; i++) {
      h.recordValue(200 + i);
    }
    return new IntervalSnapshot(startAgentNanos, startAgentNanos + SECOND, false, requests, requests * 100,
        ErrorCounts.NONE, h, null, 30, 0).toWire(50);
  }
}
