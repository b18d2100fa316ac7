package gauntlet.cli.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One lab made by {@code deploy/lab/lab.sh} for a test: up on creation, down on {@link #close()},
 * and a list of whatever of it would still exist afterwards.
 */
final class Lab implements AutoCloseable {
  /** Tools lab.sh needs beyond bash and coreutils. */
  static final List<String> TOOLS = List.of("ip", "tc", "nsenter", "setsid", "flock", "wireguard-go", "openssl", "perl");
  private static final Duration UP_LIMIT = Duration.ofMinutes(4);
  private static final Duration DOWN_LIMIT = Duration.ofMinutes(1);
  private static final Pattern AGENT_LINE = Pattern.compile("^  ([a-z-]+): (\\S+:\\d+)$", Pattern.MULTILINE);

  private final Path repo;
  private final String name;
  private final Path logs;
  private final Map<String, String> agents;

  private Lab(Path repo, String name, Path logs, Map<String, String> agents) {
    this.repo = repo;
    this.name = name;
    this.logs = logs;
    this.agents = agents;
  }

  /** Builds lab {@code name} with agents from {@code jar}; throws with lab.sh's output when it fails. */
  static Lab up(Path repo, String name, String peerRate, Path jar, Path logs) {
    Path script = repo.resolve("deploy/lab/lab.sh");
    String out = run(script, logs.resolve("up"), UP_LIMIT, "up", "--name", name, "--peer-rate", peerRate,
        "--jar", jar.toString());
    Map<String, String> agents = new LinkedHashMap<>();
    Matcher m = AGENT_LINE.matcher(out);
    while (m.find()) {
      agents.put(m.group(1), m.group(2));
    }
    return new Lab(repo, name, logs, agents);
  }

  /** Runs {@code lab.sh down}, for a lab whose up may have failed half way too. */
  static void down(Path repo, String name, Path logs) {
    run(repo.resolve("deploy/lab/lab.sh"), logs.resolve("down"), DOWN_LIMIT, "down", "--name", name);
  }

  /** Machine name (laptop, peer, cloud-target, cloud-attacker) to its agent's host:port. */
  Map<String, String> agents() {
    return agents;
  }

  String agent(String machine) {
    String address = agents.get(machine);
    if (address == null) {
      throw new IllegalStateException("lab.sh up printed no agent for " + machine + ": " + agents);
    }
    return address;
  }

  /** The token lab.sh up gave every agent of this lab. */
  Path tokenFile() {
    return Path.of("/run/gauntlet-lab", name, "token");
  }

  @Override
  public void close() {
    down(repo, name, logs);
  }

  /** Everything of lab {@code name} that exists now: namespaces, interfaces, processes, files. */
  static List<String> leftovers(String name) {
    List<String> left = new ArrayList<>();
    for (String line : command("ip", "netns", "list").split("\n")) {
      if (line.startsWith(name + "-")) {
        left.add("namespace " + line);
      }
    }
    for (String line : command("ip", "-o", "link", "show").split("\n")) {
      String[] fields = line.split(": ", 3);
      if (fields.length > 1 && fields[1].startsWith(name + "-")) {
        left.add("interface " + fields[1]);
      }
    }
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
        String cmdline = cmdline(p);
        if (cmdline.contains("wireguard-go -f " + name + "-") || cmdline.contains("--name " + name + "-")) {
          left.add("process " + p.getFileName() + ": " + cmdline);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path path : List.of(Path.of("/run/gauntlet-lab", name), Path.of("/var/run/wireguard", name + "-wg-lp.sock"),
        Path.of("/var/run/wireguard", name + "-wg-pr.sock"))) {
      if (Files.exists(path)) {
        left.add("file " + path);
      }
    }
    return left;
  }

  private static String cmdline(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').trim();
    } catch (IOException e) {
      return ""; // the process ended while we looked
    }
  }

  private static String run(Path script, Path log, Duration limit, String... args) {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    Path out = log.resolveSibling(log.getFileName() + ".out");
    Path err = log.resolveSibling(log.getFileName() + ".err");
    try {
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("lab.sh " + String.join(" ", args) + " took more than " + limit.toSeconds()
            + " s: " + Files.readString(err));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("lab.sh " + String.join(" ", args) + " failed (" + process.exitValue() + "): "
            + Files.readString(err));
      }
      return Files.readString(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while lab.sh " + args[0] + " ran", e);
    }
  }

  private static String command(String... args) {
    try {
      Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
