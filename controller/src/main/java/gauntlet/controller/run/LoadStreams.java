package gauntlet.controller.run;

import gauntlet.v1.LoadReport;
import gauntlet.v1.LoadSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One load stream per agent of a cell, all told to start at the agreed instant (each on its own
 * clock), whose reports go into one {@link LoadMerger}. Closing cancels every stream still open.
 */
final class LoadStreams implements AutoCloseable {
  /** Opens one agent's load call; the seam between the cell and the agents' RPC. */
  interface Opener {
    ServerStream<LoadReport> open(String agent, LoadSpec spec, long startAgentUnixNanos, Consumer<LoadReport> onReport);
  }

  /** One agent to load from: its clock and what it should send. */
  record Loader(String agent, ClockEstimate clock, LoadSpec spec) {}

  /** An agent's stream that ended with an error. */
  record Failure(String agent, Throwable cause) {}

  private final Map<String, ServerStream<LoadReport>> streams = new LinkedHashMap<>();

  private LoadStreams() {}

  /**
   * Opens a stream for every loader. If one cannot be opened, those already open are cancelled.
   *
   * @param onInterval each measured interval as merged, for live progress
   */
  static LoadStreams open(Iterable<Loader> loaders, LoadStart start, LoadMerger merger,
      Consumer<Progress.Interval> onInterval, Opener opener) {
    LoadStreams opened = new LoadStreams();
    try {
      for (Loader l : loaders) {
        opened.streams.put(l.agent(), opener.open(l.agent(), l.spec(), l.clock().toAgent(start.agreedUnixNanos()),
            router(l.agent(), l.clock(), merger, onInterval)));
      }
      return opened;
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  /** Where one agent's reports go: its start and its intervals into the merger. */
  static Consumer<LoadReport> router(String agent, ClockEstimate clock, LoadMerger merger,
      Consumer<Progress.Interval> onInterval) {
    return report -> {
      switch (report.getKindCase()) {
        case STARTED -> merger.started(agent, clock, report.getStarted().getStartedUnixNanos());
        case INTERVAL -> merger.add(agent, clock, report.getInterval()).ifPresent(onInterval);
        default -> { }
      }
    };
  }

  /** Completes when every stream has ended; exceptionally when one failed. */
  CompletableFuture<Void> allDone() {
    return CompletableFuture.allOf(streams.values().stream().map(ServerStream::done).toArray(CompletableFuture[]::new));
  }

  /** The first agent, in plan order, whose stream ended with an error. */
  Optional<Failure> failure() {
    for (Map.Entry<String, ServerStream<LoadReport>> e : streams.entrySet()) {
      CompletableFuture<Void> done = e.getValue().done();
      if (done.isCompletedExceptionally()) {
        try {
          done.join();
        } catch (RuntimeException failure) {
          return Optional.of(new Failure(e.getKey(), failure.getCause() != null ? failure.getCause() : failure));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    streams.values().forEach(ServerStream::cancel);
  }
}
