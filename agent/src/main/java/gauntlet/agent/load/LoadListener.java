package gauntlet.agent.load;

import gauntlet.core.IntervalSnapshot;

/** Receives a run's progress. Called from one engine thread at a time, never from an event loop. */
public interface LoadListener {

  /**
   * The run's transport is not the one asked for (not available here): one line saying which ran
   * instead and why. Called just before {@link #started}, only when there was a substitution.
   */
  default void transportNote(String note) {}

  /** The load has started (warm-up included) at this wall-clock instant, on this transport (io_uring, epoll, nio). */
  default void started(long startedUnixNanos, String transport) {}

  /** One interval has ended. The histograms belong to the listener from here on. */
  void interval(IntervalSnapshot snapshot);
}
