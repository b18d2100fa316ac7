package gauntlet.dist;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A "remote machine" for SSH provisioning: a network namespace with a veth pair to this one and
 * Debian's OpenSSH server inside, with a generated ed25519 host key and one authorized ed25519
 * client key. The namespace shares this machine's filesystem, so the remote root's HOME is a temp
 * folder (sshd's SetEnv), removed on close with the release cached in it. Names start with
 * {@code gd-} plus a random suffix; a random 198.19.250-253.x/30 keeps parallel runs apart.
 */
final class NetnsSshd implements AutoCloseable {
  private final String suffix;
  private final String namespace;
  private final Path dir;
  private final String address;
  private Process sshd;

  private NetnsSshd(String suffix, Path dir, String address) {
    this.suffix = suffix;
    this.namespace = "gd-" + suffix;
    this.dir = dir;
    this.address = address;
  }

  static boolean usable() {
    return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/sshd"))
        && Commands.available("ip") && Commands.available("ssh-keygen");
  }

  static NetnsSshd start() throws IOException {
    SecureRandom random = new SecureRandom();
    String suffix = HexFormat.of().formatHex(random.generateSeed(3));
    int block = random.nextInt(4 * 64);
    String prefix = "198.19." + (250 + block / 64) + ".";
    int base = (block % 64) * 4;
    NetnsSshd box = new NetnsSshd(suffix, Files.createTempDirectory("gd-sshd-"), prefix + (base + 2));
    try {
      box.up(prefix + (base + 1));
      return box;
    } catch (IOException | RuntimeException e) {
      box.close();
      throw e;
    }
  }

  private void up(String hostAddress) throws IOException {
    String host = "gdh" + suffix;
    String inside = "gdn" + suffix;
    ip("netns", "add", namespace);
    ip("link", "add", host, "type", "veth", "peer", "name", inside);
    ip("link", "set", inside, "netns", namespace);
    ip("addr", "add", hostAddress + "/30", "dev", host);
    ip("link", "set", host, "up");
    ip("netns", "exec", namespace, "ip", "addr", "add", address + "/30", "dev", inside);
    ip("netns", "exec", namespace, "ip", "link", "set", inside, "up");
    ip("netns", "exec", namespace, "ip", "link", "set", "lo", "up");
    Files.createDirectories(home());
    Files.createDirectories(dir.resolve("client"));
    Files.createDirectories(Path.of("/run/sshd"));
    keygen(dir.resolve("host_ed25519"));
    keygen(clientKey());
    keygen(dir.resolve("other_ed25519"));
    Files.copy(clientKey().resolveSibling("id_ed25519.pub"), dir.resolve("authorized_keys"));
    Files.writeString(knownHosts(), address + " " + hostPublicKey() + "\n");
    Files.writeString(dir.resolve("sshd_config"), String.join("\n",
        "ListenAddress " + address + ":22",
        "HostKey " + dir.resolve("host_ed25519"),
        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
        "PermitRootLogin prohibit-password",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "StrictModes no",
        "PidFile none",
        "SetEnv HOME=" + home(),
        ""));
    sshd = new ProcessBuilder("ip", "netns", "exec", namespace, "/usr/sbin/sshd", "-D", "-e", "-f",
        dir.resolve("sshd_config").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
    awaitPort();
  }

  /** sshd has no readiness signal: wait for its port, failing at once if it exited. */
  private void awaitPort() throws IOException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      if (!sshd.isAlive()) {
        throw new IOException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, 22), 500);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("sshd did not listen on " + address + ":22 within 20 s: "
              + Files.readString(dir.resolve("sshd.log")), e);
        }
        sshd.onExit().completeOnTimeout(null, 100, java.util.concurrent.TimeUnit.MILLISECONDS).join();
      }
    }
  }

  private static void keygen(Path key) {
    Commands.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "gauntlet-test", "-f", key.toString()))
        .orFail("ssh-keygen");
  }

  private static void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Commands.run(command).orFail(String.join(" ", command));
  }

  String address() {
    return address;
  }

  Path dir() {
    return dir;
  }

  /** The remote root's HOME: the release is cached under it. */
  Path home() {
    return dir.resolve("home");
  }

  Path clientKey() {
    return dir.resolve("client/id_ed25519");
  }

  /** A key sshd does not accept. */
  Path otherKey() {
    return dir.resolve("other_ed25519");
  }

  Path knownHosts() {
    return dir.resolve("client/known_hosts");
  }

  /** {@code ssh-ed25519 AAAA...}. */
  String hostPublicKey() throws IOException {
    String[] parts = Files.readString(dir.resolve("host_ed25519.pub")).trim().split(" ");
    return parts[0] + " " + parts[1];
  }

  /** {@code SHA256:...} as ssh-keygen prints it. */
  String hostFingerprint() {
    String line = Commands.run(List.of("ssh-keygen", "-l", "-f", dir.resolve("host_ed25519.pub").toString()))
        .orFail("ssh-keygen -l").out();
    return line.split(" ")[1];
  }

  /** Processes in the namespace, this moment. */
  List<ProcessHandle> processes() throws IOException {
    Object inode = Files.getAttribute(Path.of("/run/netns", namespace), "unix:ino");
    String wanted = "net:[" + inode + "]";
    List<ProcessHandle> inside = new ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path proc : (Iterable<Path>) procs::iterator) {
        String name = proc.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          if (Files.readSymbolicLink(proc.resolve("ns/net")).toString().equals(wanted)) {
            ProcessHandle.of(Long.parseLong(name)).ifPresent(inside::add);
          }
        } catch (IOException gone) {
          // The process ended while we looked.
        }
      }
    }
    return inside;
  }

  /** The executable of a process, or empty when it ended. */
  static java.util.Optional<Path> exe(ProcessHandle process) {
    try {
      return java.util.Optional.of(Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "exe")));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public void close() {
    if (sshd != null) {
      sshd.destroy();
      sshd.onExit().join();
    }
    try {
      if (Files.exists(Path.of("/run/netns", namespace))) {
        for (ProcessHandle p : processes()) {
          p.destroyForcibly();
        }
      }
    } catch (IOException e) {
      // Deleting the namespace below says whether anything is left.
    }
    Commands.run(List.of("ip", "netns", "delete", namespace));
    Commands.run(List.of("ip", "link", "delete", "gdh" + suffix));
    Commands.deleteTree(dir);
  }

  static Set<String> gauntletCommandLines(List<ProcessHandle> processes) {
    java.util.Set<String> found = new java.util.TreeSet<>();
    for (ProcessHandle p : processes) {
      String line = p.info().commandLine().orElse("");
      if (line.contains("gauntlet") && !line.contains("sshd")) {
        found.add(p.pid() + " " + line);
      }
    }
    return found;
  }
}
