package gauntlet.controller.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * One blocking call per agent, many at once: connecting to a thousand agents one after another
 * (describe, then a session each) took minutes; the calls wait on the network and on the agents,
 * so threads overlap them.
 */
final class Parallel {
  /**
   * Enough to overlap a thousand agents' calls. Clock probes, which queued behind each other with
   * 16 threads of blocking calls, no longer come here (the session measures them, at a pace of its
   * own). bench/controller-scale.sh, 1,000 agents on a 2-core machine, describe and sessions open:
   * 8 threads 4.3-5.8 s, 32 threads 3.3-3.5 s, 128 threads 2.8-3.3 s, 256 threads 3.3 s.
   */
  static final int MAX_THREADS = 128;

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
