package gauntlet.microbench;

import gauntlet.core.ErrorClass;
import gauntlet.core.ErrorTally;
import gauntlet.wire.LatencyHistograms;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** What the event loop does per response: a latency into the interval's histogram, a failure into its tally. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecorderBenchmark {
  private final Histogram latency = LatencyHistograms.create();
  private final ErrorTally errors = new ErrorTally();
  private final long[] latenciesMicros = new long[4096];
  private int next;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < latenciesMicros.length; i++) {
      // Mostly sub-millisecond, a tail to 100 ms: a loopback benchmark's shape.
      latenciesMicros[i] = random.nextInt(100) < 99 ? 50 + random.nextInt(900) : 1_000 + random.nextInt(99_000);
    }
  }

  @Benchmark
  public void recordResponse() {
    long micros = latenciesMicros[next++ & (latenciesMicros.length - 1)];
    latency.recordValue(micros);
    if (micros > 50_000) {
      errors.add(ErrorClass.TIMEOUT);
    }
  }
}
