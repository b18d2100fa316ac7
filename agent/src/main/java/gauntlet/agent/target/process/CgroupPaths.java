package gauntlet.agent.target.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where this process's own control groups are, read from /proc/self/cgroup, so targets' groups go
 * below them. A hierarchy that is missing or not writable yields empty.
 */
final class CgroupPaths {
  private CgroupPaths() {}

  /** The agent's group in the v1 hierarchy of {@code controller}, if writable. */
  static Optional<Path> v1Parent(Path root, String controller) {
    Path mount = root.resolve(controller);
    if (!Files.isDirectory(mount) || !Files.exists(mount.resolve("cgroup.procs"))) {
      return Optional.empty();
    }
    for (String line : selfCgroup()) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3 && List.of(parts[1].split(",")).contains(controller)) {
        Path own = mount.resolve(parts[2].replaceFirst("^/", ""));
        return Files.isWritable(own) ? Optional.of(own) : Optional.empty();
      }
    }
    return Files.isWritable(mount) ? Optional.of(mount) : Optional.empty();
  }

  /** The agent's group in the unified (v2) hierarchy, if it delegates cpu and memory. */
  static Optional<Path> v2Parent(Path root) {
    if (!Files.exists(root.resolve("cgroup.controllers"))) {
      return Optional.empty();
    }
    for (String line : selfCgroup()) {
      if (line.startsWith("0::")) {
        Path own = root.resolve(line.substring(3).replaceFirst("^/", ""));
        try {
          String controllers = Files.readString(own.resolve("cgroup.subtree_control"), StandardCharsets.US_ASCII);
          if (controllers.contains("cpu") && controllers.contains("memory") && Files.isWritable(own)) {
            return Optional.of(own);
          }
        } catch (IOException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> selfCgroup() {
    try {
      return Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return List.of();
    }
  }
}
