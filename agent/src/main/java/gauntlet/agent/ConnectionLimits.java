package gauntlet.agent;

import java.time.Duration;

/**
 * How many connections an agent holds before any call, and for how long. 19,990 connections that
 * sent the HTTP/2 preface and never called once took every file descriptor of an agent.
 *
 * @param maxTotal connections held at once, from everyone
 * @param maxPerPeer connections held at once from one IP address
 * @param firstCallDeadline a connection that has made no authenticated call by then is closed
 * @param idle a connection without any call for this long is closed (a run's session stream keeps
 *     its connection busy for the whole run)
 */
public record ConnectionLimits(int maxTotal, int maxPerPeer, Duration firstCallDeadline, Duration idle) {
  public static final ConnectionLimits DEFAULT =
      new ConnectionLimits(256, 64, Duration.ofSeconds(10), Duration.ofMinutes(2));

  public ConnectionLimits {
    if (maxTotal < 1 || maxPerPeer < 1 || maxPerPeer > maxTotal) {
      throw new IllegalArgumentException("connection limits must be positive and per peer at most the total, not "
          + maxTotal + " in total and " + maxPerPeer + " per peer");
    }
    if (firstCallDeadline.isNegative() || firstCallDeadline.isZero() || idle.isNegative() || idle.isZero()) {
      throw new IllegalArgumentException("connection deadlines must be positive, not " + firstCallDeadline + " and " + idle);
    }
  }
}
