package gauntlet.microbench;

import gauntlet.controller.run.ClockEstimate;
import gauntlet.controller.run.LoadMerger;
import gauntlet.core.ErrorCounts;
import gauntlet.core.IntervalSnapshot;
import gauntlet.v1.IntervalReport;
import gauntlet.wire.LatencyHistograms;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The controller's merge of one interval report (its encoded histogram's counts added into the
 * second's bucket, the tallies summed): microseconds per report, paid once per agent per second.
 * bench/controller-scale.sh measures the same merge inside the whole controller at 1,000 agents.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MergeBenchmark {
  private static final long SECOND = 1_000_000_000L;
  private static final long ORIGIN = 1_700_000_000L * SECOND;

  /** Whether the report counts failed requests: nearly none do, so "none" is the common merge. */
  @Param({"none", "some"})
  public String failures;

  private IntervalReport report;
  private LoadMerger merger;
  private int second;

  @Setup
  public void setUp() {
    Histogram interval = LatencyHistograms.create();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 30_000; i++) {
      interval.recordValue(100 + random.nextInt(5_000));
    }
    report = new IntervalSnapshot(ORIGIN, ORIGIN + SECOND, false, 30_000, 30_000 * 150L,
        failures.equals("none") ? ErrorCounts.NONE : ErrorCounts.of(0, 1, 0, 2, 3), interval, null, 200, 40).toWire(50);
    merger = new LoadMerger(List.of("a"), Duration.ofSeconds(1), ORIGIN);
  }

  @Benchmark
  public void mergeOneReport() {
    // The same second's bucket every time: the timeline stays one entry, as in a steady cell.
    merger.add("a", ClockEstimate.SAME_CLOCK, report);
    second++;
  }
}
