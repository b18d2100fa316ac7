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
   * How often a controller renews a lease: a third of it, as ZooKeeper's clients and etcd's lease
   * keep-alives do, so two heartbeats may be late or lost before the lease runs out.
   */
  public static Duration heartbeatPeriod(Duration lease) {
    Duration third = lease.dividedBy(3);
    return third.compareTo(MIN_HEARTBEAT_PERIOD) < 0 ? MIN_HEARTBEAT_PERIOD : third;
  }
}
