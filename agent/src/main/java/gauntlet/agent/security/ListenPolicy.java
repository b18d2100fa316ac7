package gauntlet.agent.security;

import gauntlet.core.security.SecurityConfigException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An agent launches containers on command: listening unauthenticated where other machines reach
 * it would hand them a root shell. Only loopback addresses may go without authentication.
 */
public final class ListenPolicy {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private ListenPolicy() {}

  /**
   * @throws SecurityConfigException when {@code host} is not loopback and nothing authenticates callers
   */
  public static void check(String host, int port, AgentSecurity security) {
    if (security.authenticates() || isLoopback(host)) {
      return;
    }
    String address = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    String tlsOnly = security.tls().isPresent()
        ? " (TLS without --tls-client-ca encrypts but lets any client in)" : "";
    throw new SecurityConfigException("Refusing to listen on " + address + " without authentication" + tlsOnly
        + ": add --token-file FILE (make one with: openssl rand -hex 32 > FILE) or --tls-client-ca CA.pem"
        + " for mutual TLS, or listen on 127.0.0.1");
  }

  /**
   * True for loopback literals and {@code localhost}. Other names count as non-loopback without a
   * lookup: what a name resolves to can change after the agent starts, loopback literals cannot.
   */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost")) {
      return true;
    }
    if (!IPV4.matcher(h).matches() && !h.contains(":")) {
      return false;
    }
    try {
      // A literal: parsed, never looked up.
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
