package gauntlet.agent.target.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small reads and writes of cgroup files. */
final class CgroupFiles {
  private CgroupFiles() {}

  static void write(Path file, String value) throws IOException {
    Files.writeString(file, value, StandardCharsets.US_ASCII);
  }

  static long readLong(Path file) {
    try {
      return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** The value of {@code key} in a "key value" per line file such as memory.stat, or 0. */
  static long readKey(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        int space = line.indexOf(' ');
        if (space > 0 && line.substring(0, space).equals(key)) {
          return Long.parseLong(line.substring(space + 1).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  static List<Long> readPids(Path procs) {
    List<Long> pids = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(procs, StandardCharsets.US_ASCII)) {
        if (!line.isBlank()) {
          pids.add(Long.parseLong(line.trim()));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return pids;
    }
    return pids;
  }

  /**
   * rmdir; a cgroup directory is removed as a directory even though it lists files. The kernel
   * refuses (EBUSY) until the last member process has been reaped by its parent, which for a
   * cluster's workers is init and may take a moment: a few bounded attempts cover that.
   */
  static void removeDirectory(Path dir) {
    long pauseMillis = 10;
    for (int attempt = 0; attempt < 8; attempt++) {
      try {
        Files.deleteIfExists(dir);
        return;
      } catch (IOException e) {
        try {
          TimeUnit.MILLISECONDS.sleep(pauseMillis);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        pauseMillis *= 2;
      }
    }
    // Still busy: the leftover sweep at the agent's next start removes it.
  }
}
