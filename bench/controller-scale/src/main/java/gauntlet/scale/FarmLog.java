package gauntlet.scale;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the simulated agents saw and sent, on the true clock of this machine (the controller runs
 * here too, so its instants and these are one clock): when the controller first described an
 * agent, when it last probed a clock, opened a session, asked for load; when each agent was told
 * to start and when it did; and every count it sent in measured intervals, to check the merge.
 */
final class FarmLog {
  /** One agent's measured (non-warm-up) intervals as sent, and its start. */
  static final class AgentSent {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong statusErrors = new AtomicLong();
    final AtomicLong intervals = new AtomicLong();
    /** Controller-clock instant the agent was asked to start at (its start_at less its true offset). */
    volatile long agreedTrueNanos;
    /** When its RunLoad arrived and when it reported its start, true clock. */
    volatile long requestedTrueNanos;
    volatile long startedTrueNanos;
  }

  /** The controller's first call to any agent: a Describe or a session's opening. */
  final Earliest firstContact = new Earliest();
  /** Describe calls answered: a controller that reads who an agent is from its session makes none. */
  final AtomicLong describes = new AtomicLong();
  final Latest lastClock = new Latest();
  final Latest lastSessionOpened = new Latest();
  final Latest targetStartAsked = new Latest();
  final Earliest firstRunLoad = new Earliest();
  final Latest lastRunLoad = new Latest();
  final AtomicLong clockProbes = new AtomicLong();
  final AtomicLong heartbeats = new AtomicLong();
  final ConcurrentHashMap<String, AgentSent> sent = new ConcurrentHashMap<>();
  /** How many measured intervals used each pool shape, so the exact merged histogram can be rebuilt. */
  final AtomicLongArray shapeUses;

  /** Counts down once per RunLoad received. */
  final java.util.concurrent.CountDownLatch loadsAsked;

  FarmLog(int shapes, int loadAgents) {
    shapeUses = new AtomicLongArray(shapes);
    loadsAsked = new java.util.concurrent.CountDownLatch(loadAgents);
  }

  AgentSent agent(String name) {
    return sent.computeIfAbsent(name, n -> new AgentSent());
  }

  /** The first instant recorded, 0 until one is. */
  static final class Earliest {
    private final AtomicLong value = new AtomicLong(Long.MAX_VALUE);
    private final java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);

    void record(long nanos) {
      value.accumulateAndGet(nanos, Math::min);
      seen.countDown();
    }

    /** Waits until an instant is recorded; false when none was within the time given. */
    boolean await(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
      return seen.await(timeout, unit);
    }

    long get() {
      long v = value.get();
      return v == Long.MAX_VALUE ? 0 : v;
    }
  }

  /** The last instant recorded, 0 until one is. */
  static final class Latest {
    private final AtomicLong value = new AtomicLong();

    void record(long nanos) {
      value.accumulateAndGet(nanos, Math::max);
    }

    long get() {
      return value.get();
    }
  }
}
