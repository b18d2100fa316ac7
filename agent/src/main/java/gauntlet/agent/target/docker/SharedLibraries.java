package gauntlet.agent.target.docker;

import gauntlet.agent.target.TargetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared libraries (and the dynamic loader) a host binary needs, as {@code ldd} resolves them:
 * an offline image copies each one to the same path so the binary runs on an empty base.
 */
final class SharedLibraries {
  // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
  private static final Pattern RESOLVED = Pattern.compile("^\\s*(?:\\S+\\s+=>\\s+)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)\\s*$");
  private static final Pattern MISSING = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+not found\\s*$");

  private SharedLibraries() {}

  /** The libraries {@code binary} loads, loader included; empty for a static binary. */
  static List<Path> of(Path binary) throws TargetException {
    String output;
    int exit;
    try {
      Process ldd = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
      output = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!ldd.waitFor(30, TimeUnit.SECONDS)) {
        ldd.destroyForcibly();
        throw new TargetException("ldd " + binary + " did not finish within 30 s");
      }
      exit = ldd.exitValue();
    } catch (IOException e) {
      throw new TargetException(
          "Cannot run ldd to find the libraries of " + binary + " (install libc-bin): " + e.getMessage(), "", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException("Interrupted while running ldd " + binary);
    }
    if (exit != 0) {
      if (output.contains("not a dynamic executable") || output.contains("statically linked")) {
        return List.of();
      }
      throw new TargetException("ldd " + binary + " failed (exit " + exit + ")", output, null);
    }
    return parse(binary, output);
  }

  /** Parses {@code ldd}'s output; a library it cannot find makes the image impossible. */
  static List<Path> parse(Path binary, String lddOutput) throws TargetException {
    Set<Path> libraries = new LinkedHashSet<>();
    List<String> missing = new ArrayList<>();
    for (String line : lddOutput.split("\n")) {
      Matcher missingLib = MISSING.matcher(line);
      if (missingLib.matches()) {
        missing.add(missingLib.group(1));
        continue;
      }
      Matcher resolved = RESOLVED.matcher(line);
      if (resolved.matches()) {
        libraries.add(Path.of(resolved.group(1)));
      }
    }
    if (!missing.isEmpty()) {
      throw new TargetException(
          binary + " needs shared libraries this host lacks (" + String.join(", ", missing)
              + "): install them or reinstall the runtime", lddOutput, null);
    }
    return List.copyOf(libraries);
  }
}
