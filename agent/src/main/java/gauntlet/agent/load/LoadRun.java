package gauntlet.agent.load;

import java.util.concurrent.CompletableFuture;

/** A load run in progress. Closing it stops it early and releases its connections. */
public interface LoadRun extends AutoCloseable {

  /** Completes after the last interval has been delivered and every connection is closed. */
  CompletableFuture<LoadOutcome> completion();

  /** Ends the run now; the partial last interval is still delivered. */
  void stop();

  @Override
  default void close() {
    stop();
    completion().join();
  }
}
