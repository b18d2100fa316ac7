package gauntlet.controller.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * One blocking call per agent, several at once: connecting to a thousand agents one after another
 * (describe, 21 clock probes, then a session each) took minutes; the calls wait on the network,
 * not on this machine's CPU, so a few threads overlap them.
 */
final class Parallel {
  /**
   * Enough to overlap round trips; few enough that clock probes do not queue behind each other.
   * bench/controller-scale.sh, 1,000 agents on a 2-core machine at load 10-19: 16 threads measured
   * every clock in 23-26 s with offsets off by up to 31 ms (probes waited for each other, so the
   * best round trip was long), 4 threads in 27 s off by at most 3.4 ms.
   */
  static final int MAX_THREADS = 8;

  /** What one call gave: a value, or the exception it threw. */
  record Outcome<R>(R value, RuntimeException failure) {}

  private Parallel() {}

  /**
   * Calls {@code call} on every item, at most {@link #MAX_THREADS} at a time, and answers every
   * outcome in item order, so the caller can clean up what succeeded and report the first failure
   * in plan order, as the sequential loop did.
   */
  static <T, R> List<Outcome<R>> map(List<T> items, Function<T, R> call, String threadName) {
    int threads = Math.min(MAX_THREADS, items.size());
    if (threads <= 1) {
      List<Outcome<R>> outcomes = new ArrayList<>();
      for (T item : items) {
        outcomes.add(attempt(call, item));
      }
      return outcomes;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Outcome<R>>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> attempt(call, item)));
      }
      List<Outcome<R>> outcomes = new ArrayList<>();
      for (Future<Outcome<R>> future : futures) {
        outcomes.add(future.get());
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunException("interrupted while " + threadName + " was contacting the agents");
    } catch (ExecutionException e) {
      // attempt() catches every RuntimeException; what is left is an Error.
      throw new IllegalStateException("A call to an agent failed unexpectedly", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T, R> Outcome<R> attempt(Function<T, R> call, T item) {
    try {
      return new Outcome<>(call.apply(item), null);
    } catch (RuntimeException e) {
      return new Outcome<>(null, e);
    }
  }
}
