package gauntlet.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Tells this JVM's optimising compiler (C2) which methods to leave alone, from now on, through the
 * diagnostic command {@code Compiler.directives_add} (what {@code jcmd PID Compiler.directives_add}
 * does). A method C2 may not compile is compiled by C1 instead. Patterns are HotSpot's: {@code
 * package/Class.method}, with {@code *} at either end of the class or the method part. Each call
 * adds to HotSpot's directive stack (at most 50 by default): call once per purpose, not per run.
 */
public final class CompilerDirectives {
  private CompilerDirectives() {}

  /**
   * Keeps C2 off the methods {@code patterns} match. False when this JVM cannot be told so (not
   * HotSpot, no diagnostic commands, no temporary folder, its stack full): it then runs as it started.
   */
  public static boolean excludeFromC2(List<String> patterns) {
    return add("[ { match: " + quoted(patterns) + ", c2: { Exclude: true } } ]\n", 1);
  }

  /** Keeps C2 off every method but those {@code kept} matches; false as for {@link #excludeFromC2}. */
  public static boolean keepC2OnlyFor(String kept) {
    // Directives match in order: the first that matches a method decides for it.
    return add("[ { match: \"" + kept + "\", c2: { Exclude: false } },\n"
        + "  { match: \"*.*\", c2: { Exclude: true } } ]\n", 2);
  }

  private static String quoted(List<String> patterns) {
    return patterns.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", ", "[", "]"));
  }

  private static boolean add(String directives, int count) {
    Path file = null;
    try {
      file = Files.createTempFile("gauntlet-c2-", ".json");
      Files.writeString(file, directives);
      // HotSpot answers "N compiler directives added", or why it could not parse or add them.
      return DiagnosticCommands.ofThisJvm().run("compilerDirectivesAdd", file.toString())
          .filter(answer -> answer.strip().startsWith(count + " ")).isPresent();
    } catch (IOException e) {
      return false;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          file.toFile().deleteOnExit();
        }
      }
    }
  }
}
