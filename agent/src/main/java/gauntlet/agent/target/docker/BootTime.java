package gauntlet.agent.target.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** When this machine booted, from the {@code btime} line of /proc/stat. */
final class BootTime {
  private BootTime() {}

  /** Seconds since the epoch; 0 when /proc/stat does not say, so nothing counts as older. */
  static long epochSeconds() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("btime ")) {
          return Long.parseLong(line.substring(6).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
