package gauntlet.agent.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the runtimes installed on this host: {@code GAUNTLET_NODE} / {@code GAUNTLET_BUN} /
 * {@code GAUNTLET_GO} when set, else the {@code PATH}, else the places the setup script installs to.
 * Looked up once; the answers do not change while an agent runs.
 */
public final class HostRuntimes {
  private final Map<String, RuntimeStatus> statuses = new LinkedHashMap<>();

  private HostRuntimes(Map<String, String> environment, Path home) {
    for (BuiltInServer server : BuiltInServer.values()) {
      String name = server.runtime();
      statuses.put(name, locate(name, environment, home));
    }
  }

  /** Looks the runtimes up in this process's environment. */
  public static HostRuntimes detect() {
    return new HostRuntimes(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** Looks the runtimes up in the given environment, for tests. */
  public static HostRuntimes detect(Map<String, String> environment, Path home) {
    return new HostRuntimes(environment, home);
  }

  public RuntimeStatus status(String runtime) {
    RuntimeStatus status = statuses.get(runtime);
    if (status == null) {
      throw new IllegalArgumentException(
          "Unknown runtime '" + runtime + "'; the agent knows " + String.join(", ", statuses.keySet()));
    }
    return status;
  }

  public List<RuntimeStatus> all() {
    return List.copyOf(statuses.values());
  }

  private static RuntimeStatus locate(String name, Map<String, String> environment, Path home) {
    String override = environment.get("GAUNTLET_" + name.toUpperCase(java.util.Locale.ROOT));
    List<Path> candidates = new ArrayList<>();
    if (override != null && !override.isBlank()) {
      candidates.add(Path.of(override));
    } else {
      String path = environment.getOrDefault("PATH", "");
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isBlank()) {
          candidates.add(Path.of(dir, name));
        }
      }
      candidates.add(home.resolve(".gauntlet/tools/node_modules/.bin").resolve(name));
      if (name.equals("go")) {
        candidates.add(Path.of("/usr/lib/go/bin/go"));
        candidates.add(Path.of("/usr/local/go/bin/go"));
      }
    }
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        Path real = realPath(candidate);
        return new RuntimeStatus(name, Optional.of(real), version(name, real), "found at " + real);
      }
    }
    String how = switch (name) {
      case "node" -> "install Node.js (apt-get install nodejs) or set GAUNTLET_NODE to its binary";
      case "bun" -> "install Bun (npm install -g bun) or set GAUNTLET_BUN to its binary";
      case "go" -> "install Go (apt-get install golang-go) or set GAUNTLET_GO to its binary";
      default -> "install it";
    };
    String where = override != null && !override.isBlank() ? override : "the PATH";
    return new RuntimeStatus(name, Optional.empty(), "",
        "Runtime '" + name + "' is not installed on this agent (looked in " + where + "): " + how);
  }

  private static Path realPath(Path candidate) {
    try {
      return candidate.toRealPath();
    } catch (IOException e) {
      return candidate.toAbsolutePath();
    }
  }

  private static String version(String name, Path executable) {
    List<String> command = name.equals("go")
        ? List.of(executable.toString(), "version")
        : List.of(executable.toString(), "--version");
    try {
      CommandOutput.Result result = CommandOutput.run(command, null, Map.of(), Duration.ofSeconds(10));
      if (!result.succeeded()) {
        return "unknown";
      }
      String text = result.output().strip();
      // "go version go1.19.8 linux/amd64" -> "go1.19.8"; node "v20.20.2"; bun "1.4.5"
      if (name.equals("go")) {
        String[] words = text.split("\\s+");
        return words.length >= 3 ? words[2] : text;
      }
      return text.lines().findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
