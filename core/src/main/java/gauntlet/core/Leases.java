package gauntlet.core;

import java.time.Duration;

/** Bounds both sides apply to a session: what the agent refuses, the controller checks in the plan first. */
public final class Leases {
  /** The longest lease a controller may ask for; the agent refuses longer ones. */
  public static final Duration MAX = Duration.ofMinutes(10);
  /**
   * The longest a target may take to answer healthy. Longer than any server build or JIT start,
   * short enough that a start nobody waits for any more cannot hold a machine for long.
   */
  public static final Duration MAX_HEALTH_TIMEOUT = Duration.ofMinutes(10);

  /** Heartbeats never come closer together than this, however short the lease. */
  public static final Duration MIN_HEARTBEAT_PERIOD = Duration.ofMillis(100);

  private Leases() {}

  /**
   * How often a controller renews a lease: a fifth of it. A partition shorter than the lease must
   * not end the session, and the agent hears nothing for the beat before the cut, the cut itself and
   * TCP's retransmission backoff after it: with a third (ZooKeeper's and etcd's rule), a 6 s cut of a
   * 10 s lease outlasted it (NetworkPartitionIT).
   */
  public static Duration heartbeatPeriod(Duration lease) {
    Duration fifth = lease.dividedBy(5);
    return fifth.compareTo(MIN_HEARTBEAT_PERIOD) < 0 ? MIN_HEARTBEAT_PERIOD : fifth;
  }
}
