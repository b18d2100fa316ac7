package gauntlet.controller.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The plan's {@code target.network}: how a docker target's port reaches its load agents. A load
 * agent on the target's own host must not reach a published port on loopback, because dockerd's
 * userland proxy (docker-proxy, a process outside the container's quota) relays that traffic; the
 * default avoids it. The process launcher ignores this: a process is on the host's network.
 */
public enum TargetNetwork {
  /**
   * Host networking when every load agent is on the target's host; otherwise {@link #BRIDGE}, so
   * remote load arrives through the published port's kernel NAT, as in the article's cloud phases.
   */
  AUTO,
  /**
   * The container on docker's bridge with its port published (like {@code -p 3000:3000}); load
   * agents on the target's host send to the container's own address, the others to the port.
   */
  BRIDGE,
  /**
   * The article's {@code -p 3000:3000} taken literally: every load agent sends to the published
   * port, through docker-proxy when it comes from the target's host over loopback.
   */
  PUBLISHED,
  /** Host networking ({@code --network host}): no bridge, no NAT, no proxy. */
  HOST;

  public static final TargetNetwork DEFAULT = AUTO;

  /** The plan's spellings, in the order the docs list them. */
  public static List<String> names() {
    return Arrays.stream(values()).map(TargetNetwork::planName).toList();
  }

  /** Parses a spelling {@link #names()} lists (the parser has checked it). */
  public static TargetNetwork of(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }

  public String planName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
