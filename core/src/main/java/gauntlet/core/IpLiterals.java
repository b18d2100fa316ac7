package gauntlet.core;

/**
 * IPv6 literals in addresses: URLs and host:port strings need them in brackets, name lookups and
 * sockets without. The one place that knows.
 */
public final class IpLiterals {
  private IpLiterals() {}

  /** {@code ::1} becomes {@code [::1]}; names, IPv4 and already bracketed literals stay as they are. */
  public static String bracket(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** {@code [::1]} becomes {@code ::1}; anything else stays as it is. */
  public static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** {@code host:port}, bracketing an IPv6 literal: {@code [fd00::3]:7070}. */
  public static String hostPort(String host, int port) {
    return bracket(host) + ":" + port;
  }
}
