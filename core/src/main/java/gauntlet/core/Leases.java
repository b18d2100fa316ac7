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

  private Leases() {}
}
