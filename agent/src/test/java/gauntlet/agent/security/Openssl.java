package gauntlet.agent.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl command line, for tests that check Gauntlet against what openssl makes. */
final class Openssl {
  private Openssl() {}

  static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/openssl")) || Files.isExecutable(Path.of("/usr/local/bin/openssl"));
  }

  /** Runs {@code openssl args...} in {@code dir}; fails with its output unless it exits 0 within a minute. */
  static void run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      process.getOutputStream().close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new IOException("openssl " + String.join(" ", args) + " did not finish within a minute");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IOException("openssl " + String.join(" ", args) + " exited " + process.exitValue() + ": " + output);
      }
    } finally {
      process.destroyForcibly();
    }
  }
}
