package gauntlet.controller.provision;

/**
 * The line {@code gauntlet agent --exit-with-stdin} prints on stdout once it serves, and the
 * provisioning controller waits for: {@code gauntlet-agent listening 127.0.0.1:41234}.
 */
public final class AgentAnnouncement {
  static final String READY = "gauntlet-agent listening ";

  private AgentAnnouncement() {}

  public static String line(String host, int port) {
    return READY + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** @throws IllegalArgumentException when the line does not end in a port */
  static int port(String line) {
    String port = line.substring(line.lastIndexOf(':') + 1).trim();
    if (!port.matches("\\d{1,5}")) {
      throw new IllegalArgumentException("the agent announced " + line + " without a port");
    }
    return Integer.parseInt(port);
  }
}
