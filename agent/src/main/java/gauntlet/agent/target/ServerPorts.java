package gauntlet.agent.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks a port for a server that starts later, e.g. the three servers of the demo, one after the
 * other on one port.
 *
 * <p>A port handed out by {@code bind(0)} is the worst choice for that: it comes from the
 * ephemeral range, where the kernel keeps handing ports to other {@code bind(0)} callers and to
 * outgoing connections, so between picking it and the server binding it, it can be taken. Ports
 * below the ephemeral range are never handed out by the kernel, so a free one stays free.
 */
public final class ServerPorts {
  static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int LOWEST = 10_000;
  private static final int ATTEMPTS = 200;

  private ServerPorts() {
  }

  /** A loopback port free now and outside the kernel's ephemeral range. */
  public static int freeLoopbackPort() {
    return freePort(InetAddress.getLoopbackAddress());
  }

  /** A port free on {@code address} now and outside the kernel's ephemeral range. */
  public static int freePort(InetAddress address) {
    int[] ephemeral = ephemeralRange();
    int below = ephemeral[0] - LOWEST;
    int above = 65_535 - ephemeral[1];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; attempt < ATTEMPTS && below + above > 0; attempt++) {
      int pick = random.nextInt(below + above);
      int port = pick < below ? LOWEST + pick : ephemeral[1] + 1 + (pick - below);
      if (isFree(address, port)) {
        return port;
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, address)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + address.getHostAddress() + ": " + e.getMessage(), e);
    }
  }

  static boolean isFree(InetAddress address, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address, port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code [low, high]} of the ephemeral range; Linux's default when it cannot be read. */
  static int[] ephemeralRange() {
    try {
      String[] bounds = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
      int low = Integer.parseInt(bounds[0]);
      int high = Integer.parseInt(bounds[1]);
      if (low > LOWEST && high <= 65_535 && low <= high) {
        return new int[] {low, high};
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or a range we cannot use: assume Linux's default.
    }
    return new int[] {32_768, 60_999};
  }
}
