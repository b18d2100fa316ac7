package gauntlet.agent.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short helper command (a version query, a build) with a time limit. Its output goes to a
 * file, not a pipe: a child that keeps the pipe open (or fills it) can then never block the agent.
 */
public final class CommandOutput {
  /**
   * What a command printed and how it ended.
   *
   * @param exitCode -1 when it was killed for taking too long
   */
  public record Result(int exitCode, String output) {
    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  private CommandOutput() {}

  public static Result run(List<String> command, Path directory, Map<String, String> environment, Duration limit)
      throws IOException {
    Path log = Files.createTempFile("gauntlet-command-", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      builder.environment().putAll(environment);
      Process process = builder.start();
      boolean finished;
      try {
        finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while running " + command.get(0), e);
      }
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      return new Result(finished ? process.exitValue() : -1, output);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
