package gauntlet.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name, for agent names and logs. */
final class Hostnames {
  private Hostnames() {}

  static String local() {
    try {
      return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "-");
    } catch (UnknownHostException e) {
      return "agent";
    }
  }
}
