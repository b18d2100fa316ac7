package gauntlet.agent.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Logs refused calls at most once per {@code window} and reason, saying how many went unlogged
 * since. Every refused call once wrote a line of about 215 bytes: 30 GB a day under a flood.
 * Reasons are a handful of fixed sentences, so the map stays small whatever callers send.
 */
final class RefusalLog {
  static final Duration WINDOW = Duration.ofSeconds(10);

  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final Consumer<String> sink;
  private final Map<String, Tally> byReason = new ConcurrentHashMap<>();

  private static final class Tally {
    private long loggedAtNanos;
    private boolean logged;
    private long suppressed;
  }

  RefusalLog(Duration window, LongSupplier nanoClock, Consumer<String> sink) {
    this.windowNanos = window.toNanos();
    this.nanoClock = nanoClock;
    this.sink = sink;
  }

  /** A refusal of {@code method} from {@code peer}; logged unless this reason was logged within the window. */
  void refused(String method, String peer, String reason) {
    Tally tally = byReason.computeIfAbsent(reason, r -> new Tally());
    long now = nanoClock.getAsLong();
    long unlogged;
    synchronized (tally) {
      if (tally.logged && now - tally.loggedAtNanos < windowNanos) {
        tally.suppressed++;
        return;
      }
      unlogged = tally.suppressed;
      tally.suppressed = 0;
      tally.logged = true;
      tally.loggedAtNanos = now;
    }
    sink.accept("Refused " + method + " from " + peer + ": " + reason + (unlogged == 0 ? ""
        : " (and " + unlogged + " more refused for this reason since that line, not logged)"));
  }
}
