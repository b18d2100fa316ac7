package gauntlet.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPv6 literals in addresses: URLs and host:port strings need them in brackets, name lookups and
 * sockets without. The one place that knows.
 */
public final class IpLiterals {
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.]+)?");

  private IpLiterals() {}

  /**
   * The address {@code host} spells when it is an IP literal ({@code 10.0.0.9}, {@code ::1},
   * {@code [fd00::3]}), without a name lookup; empty for a name or a malformed literal.
   */
  public static Optional<InetAddress> parse(String host) {
    String bare = unbracket(host);
    try {
      Matcher v4 = IPV4.matcher(bare);
      if (v4.matches()) {
        byte[] octets = new byte[4];
        for (int i = 0; i < 4; i++) {
          int octet = Integer.parseInt(v4.group(i + 1));
          if (octet > 255) {
            return Optional.empty();
          }
          octets[i] = (byte) octet;
        }
        return Optional.of(InetAddress.getByAddress(octets));
      }
      // Only hex digits and colons (and a scope) get here, which InetAddress parses and never looks up.
      return IPV6.matcher(bare).matches() ? Optional.of(InetAddress.getByName(bare)) : Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

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
