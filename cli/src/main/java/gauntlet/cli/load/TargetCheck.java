package gauntlet.cli.load;

import gauntlet.controller.run.RunException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * What wrk checks before it prints "Running": that the URL's host resolves and takes a connection.
 * It fails there with one sentence ("unable to connect to 127.0.0.1:1: Connection refused") instead
 * of warming up and then measuring a run of errors.
 */
final class TargetCheck {
  private TargetCheck() {}

  /** Throws a {@link RunException} naming the host and what went wrong, or returns. */
  static void reachable(URI url, Duration timeout) {
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = url.getPort() > 0 ? url.getPort() : 80;
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new RunException("unable to resolve host '" + host + "' of " + url + " (unknown host); check the URL");
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    } catch (IOException e) {
      throw new RunException("unable to connect to " + host + ":" + port + ": " + e.getMessage()
          + "; is the server running and listening there?");
    }
  }
}
