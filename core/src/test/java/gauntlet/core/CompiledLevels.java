package gauntlet.core;

import java.util.List;

/** For tests: which compilers this JVM has compiled a method with, from {@code Compiler.codelist}. */
public final class CompiledLevels {
  private CompiledLevels() {}

  /**
   * The tiers (1 to 4; 4 is C2's) of the live compiled code of the methods whose name contains
   * {@code method} ({@code Class$Inner.name}), sorted.
   */
  public static List<Integer> of(String method) {
    String list = DiagnosticCommands.ofThisJvm().run("compilerCodelist").orElseThrow();
    // Lines read "id level state name(signature) [addresses]"; state 0 is in use.
    return list.lines().map(l -> l.trim().split("\\s+"))
        .filter(f -> f.length > 3 && f[3].contains(method) && f[2].equals("0"))
        .map(f -> Integer.parseInt(f[1])).distinct().sorted().toList();
  }
}
