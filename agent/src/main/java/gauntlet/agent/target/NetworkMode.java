package gauntlet.agent.target;

import java.util.Locale;

/** How a target's port reaches the network: published from a bridge, or the host's own stack. */
public enum NetworkMode {
  BRIDGE,
  HOST;

  /** Parses the plan / wire spelling; empty means bridge. */
  public static NetworkMode parse(String value) {
    if (value == null || value.isBlank()) {
      return BRIDGE;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("network must be bridge or host, not '" + value + "'", e);
    }
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
