package gauntlet.agent.load;

import gauntlet.core.IntervalSnapshot;

/** Receives a run's progress. Called from one engine thread at a time, never from an event loop. */
public interface LoadListener {

  /** The load has started (warm-up included) at this wall-clock instant. */
  default void started(long startedUnixNanos, String transport) {}

  /** One interval has ended. The histograms belong to the listener from here on. */
  void interval(IntervalSnapshot snapshot);
}
