package gauntlet.agent.load;

import gauntlet.core.DiagnosticCommands;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the JIT compilers are doing: the compilation time so far, and how many methods they are
 * compiling or have queued, read from HotSpot's diagnostic command {@code Compiler.queue} (what
 * {@code jcmd PID Compiler.queue} prints). On a JVM without either, the figures say "unknown".
 */
final class CompilerActivity {
  private final CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
  private final DiagnosticCommands commands = DiagnosticCommands.ofThisJvm();

  /** Milliseconds spent compiling since the JVM started; -1 when the JVM does not say. */
  long compileMillis() {
    return compilation != null && compilation.isCompilationTimeMonitoringSupported()
        ? compilation.getTotalCompilationTime() : -1;
  }

  /**
   * Methods the optimising compiler (C2) is compiling or has queued; -1 when the JVM does not say.
   * C1's quick compiles of cold code go on for as long as anything new runs and do not count.
   */
  int pendingOptimisations() {
    return commands.run("compilerQueue").map(CompilerActivity::countOptimisations).orElse(-1);
  }

  /**
   * Counts C2's methods in a {@code Compiler.queue} listing: the "Current compiles" lines of C2's
   * threads, and the lines of the "C2 compile queue" section. Methods are printed as {@code Class::method}.
   */
  static int countOptimisations(String compilerQueue) {
    int count = 0;
    boolean inC2Queue = false;
    for (String line : compilerQueue.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.endsWith("compile queue:")) {
        inC2Queue = trimmed.startsWith("C2");
      } else if (trimmed.contains("::") && (inC2Queue || trimmed.startsWith("C2 CompilerThread"))) {
        count++;
      }
    }
    return count;
  }
}
