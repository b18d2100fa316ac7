package gauntlet.core;

import java.time.Instant;

/** Wall-clock time as nanoseconds since the Unix epoch, the unit of every timestamp on the wire. */
public final class WallClock {
  private WallClock() {}

  public static long nowUnixNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
