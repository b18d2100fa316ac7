package gauntlet.cli.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker command line, for tests that check what the engine really holds. */
final class Docker {
  private Docker() {}

  static boolean answers() {
    try {
      return run("info", "--format", "{{.ServerVersion}}").exitCode == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Ids of containers (running or not) with this label filter, e.g. {@code gauntlet.agent=x}. */
  static List<String> containers(String labelFilter) throws IOException {
    Result r = run("ps", "-aq", "--filter", "label=" + labelFilter);
    return r.output.isBlank() ? List.of() : Arrays.asList(r.output.strip().split("\\s+"));
  }

  static String inspect(String id, String format) throws IOException {
    return run("inspect", "--format", format, id).output.strip();
  }

  static void removeForce(List<String> ids) throws IOException {
    for (String id : ids) {
      run("rm", "-f", id);
    }
  }

  record Result(int exitCode, String output) {}

  static Result run(String... args) throws IOException {
    String[] command = new String[args.length + 1];
    command[0] = "docker";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("docker " + String.join(" ", args) + " did not finish within 60 s");
      }
      return new Result(p.exitValue(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
