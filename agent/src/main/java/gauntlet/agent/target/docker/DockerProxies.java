package gauntlet.agent.target.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds dockerd's userland proxy for a published port: a {@code docker-proxy} process whose
 * command line says {@code -host-port <port>}. On Linux, traffic from the engine's own host to a
 * port published on loopback goes through it (iptables' DNAT skips 127.0.0.0/8), so the load is
 * relayed by a process outside the container that the quota neither limits nor counts.
 */
final class DockerProxies {
  private final Path proc;

  DockerProxies() {
    this(Path.of("/proc"));
  }

  DockerProxies(Path proc) {
    this.proc = proc;
  }

  /** A proxy that relays {@code hostPort}, e.g. "docker-proxy pid 4242 (127.0.0.1:3000 -> 172.17.0.3:3000)". */
  Optional<String> serving(int hostPort) {
    List<String> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, p -> isPid(p.getFileName().toString()))) {
      for (Path entry : entries) {
        String[] argv;
        try {
          argv = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
        } catch (IOException | RuntimeException gone) {
          continue; // exited while we looked, or not ours to read
        }
        describe(entry.getFileName().toString(), argv, hostPort).ifPresent(found::add);
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return found.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", found));
  }

  /** The proxy that argv describes, when it is docker-proxy relaying {@code hostPort}. */
  static Optional<String> describe(String pid, String[] argv, int hostPort) {
    if (argv.length == 0 || !argv[0].endsWith("docker-proxy")) {
      return Optional.empty();
    }
    String port = flag(argv, "-host-port");
    if (!String.valueOf(hostPort).equals(port)) {
      return Optional.empty();
    }
    String proto = flag(argv, "-proto");
    if (proto != null && !proto.equals("tcp")) {
      return Optional.empty();
    }
    return Optional.of("docker-proxy pid " + pid + " (" + address(flag(argv, "-host-ip"), port) + " -> "
        + address(flag(argv, "-container-ip"), flag(argv, "-container-port")) + ")");
  }

  private static String flag(String[] argv, String name) {
    for (int i = 1; i < argv.length - 1; i++) {
      if (argv[i].equals(name)) {
        return argv[i + 1];
      }
    }
    return null;
  }

  private static String address(String host, String port) {
    String h = host == null ? "?" : host;
    return (h.contains(":") ? "[" + h + "]" : h) + ":" + (port == null ? "?" : port);
  }

  private static boolean isPid(String name) {
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }
}
