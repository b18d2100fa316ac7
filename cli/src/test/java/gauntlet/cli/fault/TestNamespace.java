package gauntlet.cli.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of this test's own, joined to this one by a veth pair (no bridge, so the
 * host's iptables FORWARD policy does not apply), whose link the test can cut with iptables DROP
 * while every socket stays open: a network partition, not a link that goes down. Names start with
 * {@code gd-} and a random suffix, so tests running at once never share one.
 */
final class TestNamespace implements AutoCloseable {
  private final String name;
  private final String hostSide;
  private final String insideSide;
  private final String hostAddress;
  private final String insideAddress;

  private TestNamespace(String suffix, int subnet) {
    this.name = "gd-" + suffix;
    this.hostSide = "gd" + suffix + "h";
    this.insideSide = "gd" + suffix + "n";
    int third = subnet >> 6;
    int fourth = (subnet & 63) * 4;
    this.hostAddress = "10.251." + third + "." + (fourth + 1);
    this.insideAddress = "10.251." + third + "." + (fourth + 2);
  }

  /** True where this test can make namespaces: root, with ip and iptables. */
  static boolean possibleHere() {
    return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/ip"))
        && (Files.isExecutable(Path.of("/usr/sbin/iptables")) || Files.isExecutable(Path.of("/sbin/iptables")));
  }

  static TestNamespace create() throws IOException, InterruptedException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    TestNamespace ns = new TestNamespace(Integer.toHexString(0x100000 + random.nextInt(0xefffff)), random.nextInt(256 * 64));
    try {
      ns.run("ip", "netns", "add", ns.name);
      ns.run("ip", "link", "add", ns.hostSide, "type", "veth", "peer", "name", ns.insideSide);
      ns.run("ip", "link", "set", ns.insideSide, "netns", ns.name);
      ns.run("ip", "addr", "add", ns.hostAddress + "/30", "dev", ns.hostSide);
      ns.run("ip", "link", "set", ns.hostSide, "up");
      ns.inside("ip", "addr", "add", ns.insideAddress + "/30", "dev", ns.insideSide);
      ns.inside("ip", "link", "set", ns.insideSide, "up");
      ns.inside("ip", "link", "set", "lo", "up");
      return ns;
    } catch (IOException | RuntimeException e) {
      ns.close();
      throw e;
    }
  }

  String name() {
    return name;
  }

  /** The namespace's address, reached from this one over the veth pair. */
  String insideAddress() {
    return insideAddress;
  }

  /** What runs a command inside the namespace. */
  List<String> exec() {
    return List.of("ip", "netns", "exec", name);
  }

  /** Drops every packet across the veth pair, both ways; open connections stay open, unanswered. */
  void cut() throws IOException, InterruptedException {
    inside("iptables", "-I", "INPUT", "-i", insideSide, "-j", "DROP");
    inside("iptables", "-I", "OUTPUT", "-o", insideSide, "-j", "DROP");
  }

  /** Lets packets across again. */
  void heal() throws IOException, InterruptedException {
    inside("iptables", "-D", "INPUT", "-i", insideSide, "-j", "DROP");
    inside("iptables", "-D", "OUTPUT", "-o", insideSide, "-j", "DROP");
  }

  /** Deletes the namespace (its rules and its end of the pair go with it) and this end of the pair. */
  @Override
  public void close() throws IOException, InterruptedException {
    runQuietly("ip", "netns", "del", name);
    runQuietly("ip", "link", "del", hostSide);
  }

  /** Whether the namespace or this end of its pair still exists. */
  boolean exists() throws IOException, InterruptedException {
    return output("ip", "netns", "list").lines().anyMatch(l -> l.split(" ")[0].equals(name))
        || output("ip", "-o", "link", "show").contains(" " + hostSide + "@");
  }

  private void inside(String... command) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(exec());
    all.addAll(List.of(command));
    run(all.toArray(String[]::new));
  }

  private void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed: " + out.strip());
    }
  }

  private static void runQuietly(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    process.waitFor(30, TimeUnit.SECONDS);
  }

  private static String output(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    return out;
  }
}
