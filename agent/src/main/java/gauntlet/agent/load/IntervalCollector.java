package gauntlet.agent.load;

import gauntlet.core.ErrorCounts;
import gauntlet.core.ErrorTally;
import gauntlet.wire.LatencyHistograms;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers every event loop's part of one interval. A loop that misses the answer window (a long GC
 * pause, a starved thread) loses nothing: its part arrives later and is carried into the next
 * interval; for the last interval the collector first lets the loops end, after which every part
 * is there. A part that never comes fails the run instead of being dropped.
 */
final class IntervalCollector {
  private static final Logger log = LoggerFactory.getLogger(IntervalCollector.class);

  /** One event loop's finished intervals, in order (a {@link LoopWorker}). */
  interface Source {
    /** The next finished interval, waiting up to {@code timeoutMillis}; null when none came. */
    LoopInterval takeFinished(long timeoutMillis) throws InterruptedException;

    /** Gives a histogram back once merged. */
    void recycle(Histogram histogram);
  }

  /** The loops' parts of one interval, merged; {@code carried} counts parts from earlier intervals. */
  record Merged(long requests, long bytes, ErrorCounts errors, Histogram latency, Histogram serviceTime,
      int connectionsOpen, int carried) {}

  private final List<? extends Source> sources;
  private final boolean openModel;
  private final long answerMillis;
  private final int[] lastOpen;

  IntervalCollector(List<? extends Source> sources, boolean openModel, long answerMillis) {
    this.sources = sources;
    this.openModel = openModel;
    this.answerMillis = answerMillis;
    this.lastOpen = new int[sources.size()];
  }

  /**
   * Merges interval {@code index} of every loop, with any part a loop handed over late.
   *
   * @param endLoops for the last interval: ends the loops (returning once they have), so that every
   *     part is published; null for the others
   */
  Merged collect(int index, Runnable endLoops) throws InterruptedException {
    Histogram latency = LatencyHistograms.create();
    Histogram serviceTime = openModel ? LatencyHistograms.create() : null;
    long requests = 0;
    long bytes = 0;
    ErrorTally errors = new ErrorTally();
    int carried = 0;
    boolean[] answered = new boolean[sources.size()];
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < sources.size(); i++) {
        Source source = sources.get(i);
        while (!answered[i]) {
          LoopInterval part = source.takeFinished(round == 0 ? answerMillis : 0);
          if (part == null) {
            break;
          }
          if (part.index > index) {
            // Cannot happen: each loop publishes its intervals once, in order, and only when asked.
            throw new IllegalStateException("Loop published interval " + part.index + " while " + index
                + " was awaited");
          }
          latency.add(part.latency);
          if (serviceTime != null && part.serviceTime != null) {
            serviceTime.add(part.serviceTime);
          }
          requests += part.requests;
          bytes += part.bytes;
          errors.add(part.errors);
          lastOpen[i] = part.connectionsOpen;
          source.recycle(part.latency);
          source.recycle(part.serviceTime);
          if (part.index < index) {
            carried++;
          } else {
            answered[i] = true;
          }
        }
      }
      if (allTrue(answered) || endLoops == null) {
        break;
      }
      endLoops.run();
    }
    for (int i = 0; i < answered.length; i++) {
      if (!answered[i]) {
        if (endLoops != null) {
          throw new IllegalStateException("Event loop " + i + " ended without handing over interval " + index
              + "; its requests would be missing from the totals");
        }
        log.warn("Event loop {} did not hand over interval {} within {} ms; its figures are carried into the next"
            + " interval", i, index, answerMillis);
      }
    }
    int open = 0;
    for (int o : lastOpen) {
      open += o;
    }
    return new Merged(requests, bytes, errors.counts(), latency, serviceTime, open, carried);
  }

  private static boolean allTrue(boolean[] values) {
    for (boolean v : values) {
      if (!v) {
        return false;
      }
    }
    return true;
  }
}
