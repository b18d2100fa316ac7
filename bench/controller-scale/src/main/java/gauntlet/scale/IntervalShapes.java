package gauntlet.scale;

import com.google.protobuf.ByteString;
import gauntlet.wire.LatencyHistograms;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * A pool of realistic one-second interval histograms, recorded once and encoded once, that the
 * simulated agents send in turn: recording 20,000 latencies per agent per second for 1,000 agents
 * would cost this process more CPU than the controller it measures. Each is a log-normal body
 * (median ~0.8 ms, like a loopback server under load) with a thin slow tail up to ~80 ms, and a
 * request count between 8,000 and 32,000 — what one load agent reports in a second. The controller
 * decodes and adds them exactly as it would real ones; their sizes on the wire are real.
 */
final class IntervalShapes {
  /** One interval as sent: its encoding, and the histogram it encodes, to sum what was sent. */
  record Shape(ByteString encoded, Histogram histogram, long requests) {}

  private final List<Shape> shapes;

  IntervalShapes(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Shape> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Histogram h = LatencyHistograms.create();
      int requests = 8_000 + random.nextInt(24_001);
      double medianMicros = 600 + random.nextInt(500);
      for (int r = 0; r < requests; r++) {
        long micros;
        if (random.nextInt(1000) == 0) {
          micros = 5_000 + random.nextInt(75_000);
        } else {
          micros = Math.round(medianMicros * Math.exp(0.6 * gaussian(random)));
        }
        h.recordValue(Math.max(LatencyHistograms.LOWEST_DISCERNIBLE_MICROS, micros));
      }
      list.add(new Shape(LatencyHistograms.encode(h), h, requests));
    }
    this.shapes = List.copyOf(list);
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  int size() {
    return shapes.size();
  }

  Shape get(int index) {
    return shapes.get(index);
  }

  /** Mean encoded size, for the report. */
  double meanEncodedBytes() {
    return shapes.stream().mapToInt(s -> s.encoded().size()).average().orElse(0);
  }
}
