package gauntlet.controller.plan;

/**
 * A machine the controller reaches over SSH to run an agent there: {@code ssh://user@host[:port]}.
 *
 * @param user the login; the local user's name when the address has none, as OpenSSH does
 * @param host name or address (IPv6 without brackets)
 * @param port the SSH port, 22 by default
 */
public record SshAddress(String user, String host, int port) {
  public static final int DEFAULT_PORT = 22;

  /** {@code user@host}, {@code user@[v6]:port}: as messages and OpenSSH name it. */
  public String login() {
    String where = host.contains(":") ? "[" + host + "]" : host;
    return user + "@" + where + (port == DEFAULT_PORT ? "" : ":" + port);
  }

  @Override
  public String toString() {
    return "ssh://" + login();
  }
}
