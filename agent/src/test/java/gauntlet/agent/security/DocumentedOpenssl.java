package gauntlet.agent.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The openssl commands docs/security.md gives as the equivalent of {@code gauntlet certs init},
 * taken from the document itself so the two cannot drift apart.
 */
final class DocumentedOpenssl {
  static final Path DOC = Path.of("..", "docs", "security.md");
  private static final String MARKER = "# openssl equivalent of: gauntlet certs init certs";

  private DocumentedOpenssl() {}

  /** The shell block that starts with the marker line. */
  static String script() throws IOException {
    String doc = Files.readString(DOC);
    int start = doc.indexOf(MARKER);
    if (start < 0) {
      throw new IllegalStateException(DOC + " has no block starting with '" + MARKER + "'");
    }
    int end = doc.indexOf("```", start);
    return doc.substring(start, end);
  }

  /** Runs the documented commands in {@code dir}; they write dir/certs. */
  static void run(Path dir) throws IOException, InterruptedException {
    Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script())
        .directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      bash.getOutputStream().close();
      if (!bash.waitFor(120, TimeUnit.SECONDS)) {
        throw new IOException("the documented openssl commands did not finish within 2 minutes");
      }
      String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (bash.exitValue() != 0) {
        throw new IOException("the documented openssl commands exited " + bash.exitValue() + ":\n" + output);
      }
    } finally {
      bash.destroyForcibly();
    }
  }
}
