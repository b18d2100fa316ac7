package gauntlet.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each case runs in a JVM of its own: C2, once told to leave a method alone, does so for the rest
 * of the JVM's life, and the tests that share this one must not run without it.
 */
class CompilerDirectivesTest {

  @Test
  void hotCodeIsCompiledByC1OnlyWhenC2IsKeptForOtherCode() throws Exception {
    assertThat(run("keep")).startsWith("told: true").contains("hot: by C2 false, by C1 alone true");
  }

  @Test
  void whatC2IsKeptForIsStillCompiledByC2() throws Exception {
    assertThat(run("keep")).contains("kept: by C2 true");
  }

  @Test
  void excludedCodeIsCompiledByC1OnlyAndTheRestByC2() throws Exception {
    assertThat(run("exclude")).startsWith("told: true").contains("hot: by C2 false, by C1 alone true")
        .contains("kept: by C2 true");
  }

  /** What the cases would print without a directive: the same hot method, compiled by C2. */
  @Test
  void hotCodeReachesC2WhenLeftOn() throws Exception {
    assertThat(run("on")).startsWith("told: false").contains("hot: by C2 true");
  }

  private static String run(String mode) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        Child.class.getName(), mode).redirectErrorStream(true).start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as(output).isZero();
    return output;
  }

  /**
   * Keeps C2 for {@link Kept} only, or off {@link Child} only, or leaves it on; runs two methods
   * until a compiler has taken each, and prints which levels did.
   */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      boolean told = switch (args[0]) {
        case "keep" -> CompilerDirectives.keepC2OnlyFor("gauntlet/core/CompilerDirectivesTest$Kept.*");
        case "exclude" -> CompilerDirectives.excludeFromC2(List.of("gauntlet/core/CompilerDirectivesTest$Child.*"));
        default -> false;
      };
      System.out.println("told: " + told);
      System.out.println("hot: " + compilers(compiled(Child::hot, "CompilerDirectivesTest$Child.hot")));
      System.out.println("kept: " + compilers(compiled(Kept::hot, "CompilerDirectivesTest$Kept.hot")));
    }

    /**
     * Whether C2's code (level 4) or C1's alone (level 1, after C2 refused the method) is among
     * {@code levels}; C1's profiling code (2, 3) may live beside either for a while.
     */
    private static String compilers(List<Integer> levels) {
      return "by C2 " + levels.contains(4) + ", by C1 alone " + levels.contains(1) + " (levels " + levels + ")";
    }

    static long hot(int x) {
      long s = x;
      for (int i = 0; i < 50; i++) {
        s = s * 31 + (s >>> 7) + i;
      }
      return s;
    }

    /** Calls {@code method} until it is compiled at level 1 or 4, and returns its levels then. */
    private static List<Integer> compiled(java.util.function.IntToLongFunction method, String name) throws Exception {
      long sum = 0;
      List<Integer> levels = List.of();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      // Level 1 comes only after C2 refused the method; level 4 is C2's own code.
      while (!levels.contains(1) && !levels.contains(4) && System.nanoTime() < deadline) {
        for (int i = 0; i < 100_000; i++) {
          sum += method.applyAsLong(i);
        }
        levels = CompiledLevels.of(name);
      }
      System.out.println(name + " summed to " + sum);
      return levels;
    }
  }

  /** A method the directive leaves to C2. */
  public static final class Kept {
    static long hot(int x) {
      long s = x;
      for (int i = 0; i < 50; i++) {
        s = s * 17 + (s >>> 5) + i;
      }
      return s;
    }
  }
}
