package gauntlet.controller.plan;

import java.util.regex.Pattern;

/** Parses an agent's address: {@code local}, {@code host:port} or {@code [ipv6]:port}. */
final class AgentAddresses {
  private static final Pattern HOSTNAME = Pattern.compile(
      "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
  private static final Pattern IPV4 = Pattern.compile("(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
      + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final String EXAMPLE = "write local, host:port, [ipv6]:port or ssh://user@host[:port], e.g. 10.0.0.2:7070";
  private static final String SSH_SCHEME = "ssh://";
  private static final Pattern SSH_USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]{0,31}");

  private AgentAddresses() {}

  /**
   * @throws IllegalArgumentException saying what is wrong with the address
   */
  static AgentEndpoint parse(String name, String address) {
    return parse(name, address, System.getProperty("user.name"));
  }

  /** @param localUser the login of {@code ssh://host} addresses without one */
  static AgentEndpoint parse(String name, String address, String localUser) {
    String text = address.trim();
    if (text.equals(AgentEndpoint.LOCAL)) {
      return AgentEndpoint.local(name);
    }
    if (text.startsWith(SSH_SCHEME)) {
      return AgentEndpoint.ssh(name, ssh(text.substring(SSH_SCHEME.length()), address, localUser));
    }
    if (text.contains("://")) {
      throw new IllegalArgumentException("must be host:port (or ssh://user@host) without another scheme, got "
          + Values.quote(address));
    }
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("needs a port after the bracketed IPv6 address, e.g. [::1]:7070, got "
            + Values.quote(address));
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
      if (!isIpv6(host)) {
        throw new IllegalArgumentException("has an invalid IPv6 address in " + Values.quote(address));
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("needs a port, e.g. " + Values.quote(text + ":7070") + ", got "
            + Values.quote(address) + "; " + EXAMPLE);
      }
      if (text.indexOf(':') != colon) {
        throw new IllegalArgumentException("IPv6 addresses need brackets, e.g. [::1]:7070, got " + Values.quote(address));
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
      if (!(IPV4.matcher(host).matches() || (HOSTNAME.matcher(host).matches() && host.length() <= 253))) {
        throw new IllegalArgumentException("has an invalid host name in " + Values.quote(address) + "; " + EXAMPLE);
      }
    }
    return new AgentEndpoint(name, host, port(port, address));
  }

  /** {@code [user@]host[:port]} after {@code ssh://}; no path, no password. */
  private static SshAddress ssh(String rest, String address, String localUser) {
    if (rest.contains("/") || rest.contains("?") || rest.contains("#")) {
      throw new IllegalArgumentException("must be ssh://user@host[:port] without a path, got " + Values.quote(address));
    }
    String user = localUser;
    String hostPort = rest;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      user = rest.substring(0, at);
      hostPort = rest.substring(at + 1);
      if (user.contains(":")) {
        throw new IllegalArgumentException("must not carry a password (Gauntlet logs in with keys), got "
            + Values.quote(address.replaceAll(":[^@]*@", ":***@")));
      }
      if (!SSH_USER.matcher(user).matches()) {
        throw new IllegalArgumentException("has an invalid user name " + Values.quote(user) + " in " + Values.quote(address));
      }
    }
    String host = hostPort;
    int port = SshAddress.DEFAULT_PORT;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("has an unclosed '[' in " + Values.quote(address));
      }
      host = hostPort.substring(1, close);
      if (!isIpv6(host)) {
        throw new IllegalArgumentException("has an invalid IPv6 address in " + Values.quote(address));
      }
      String after = hostPort.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new IllegalArgumentException("needs ':port' after the bracketed address in " + Values.quote(address));
        }
        port = port(after.substring(1), address);
      }
    } else {
      int colon = hostPort.lastIndexOf(':');
      if (colon >= 0) {
        if (hostPort.indexOf(':') != colon) {
          throw new IllegalArgumentException("IPv6 addresses need brackets, e.g. ssh://root@[fd00::2], got "
              + Values.quote(address));
        }
        host = hostPort.substring(0, colon);
        port = port(hostPort.substring(colon + 1), address);
      }
      if (!(IPV4.matcher(host).matches() || (HOSTNAME.matcher(host).matches() && host.length() <= 253))) {
        throw new IllegalArgumentException("has an invalid host name in " + Values.quote(address) + "; " + EXAMPLE);
      }
    }
    return new SshAddress(user, host, port);
  }

  /**
   * A bare host, as in {@code target.address}: a host name, an IPv4 address or an IPv6 address
   * (brackets optional). Returns it without brackets.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static String host(String text) {
    String host = text.trim();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
      if (!isIpv6(host)) {
        throw new IllegalArgumentException("has an invalid IPv6 address in " + Values.quote(text));
      }
      return host;
    }
    if (host.contains("://") || host.contains("/")) {
      throw new IllegalArgumentException("must be a bare host like 10.0.0.2, without scheme or path, got "
          + Values.quote(text));
    }
    if (host.contains(":")) {
      if (isIpv6(host)) {
        return host;
      }
      throw new IllegalArgumentException("must be a host without a port (the port is target.port), e.g. 10.0.0.2,"
          + " got " + Values.quote(text));
    }
    if (!(IPV4.matcher(host).matches() || (HOSTNAME.matcher(host).matches() && host.length() <= 253))) {
      throw new IllegalArgumentException("must be a host name or IP address, e.g. 10.0.0.2, got " + Values.quote(text));
    }
    return host;
  }

  private static int port(String port, String address) {
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
      throw new IllegalArgumentException("needs a port between 1 and 65535, got " + Values.quote(address));
    }
    return Integer.parseInt(port);
  }

  /** IPv6 literal syntax (no name lookups: a plan is checked without touching the network). */
  static boolean isIpv6(String host) {
    String address = host;
    int zone = address.indexOf('%');
    if (zone >= 0) {
      if (zone == address.length() - 1) {
        return false;
      }
      address = address.substring(0, zone);
    }
    int lastColon = address.lastIndexOf(':');
    if (lastColon >= 0 && address.indexOf('.', lastColon) > 0) {
      if (!IPV4.matcher(address.substring(lastColon + 1)).matches()) {
        return false;
      }
      // An embedded IPv4 address stands for the last two groups.
      address = address.substring(0, lastColon + 1) + "0:0";
    }
    int doubleColon = address.indexOf("::");
    if (doubleColon >= 0 && address.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    String[] sides = doubleColon >= 0
        ? new String[] {address.substring(0, doubleColon), address.substring(doubleColon + 2)}
        : new String[] {address};
    int groups = 0;
    for (String side : sides) {
      if (side.isEmpty()) {
        continue;
      }
      for (String group : side.split(":", -1)) {
        if (!HEX_GROUP.matcher(group).matches()) {
          return false;
        }
        groups++;
      }
    }
    return doubleColon >= 0 ? groups < 8 : groups == 8;
  }
}
