package gauntlet.agent.load;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the JIT compilers are doing: the compilation time so far, and how many methods they are
 * compiling or have queued, read from HotSpot's diagnostic command {@code Compiler.queue} (what
 * {@code jcmd PID Compiler.queue} prints). On a JVM without either, the figures say "unknown".
 */
final class CompilerActivity {
  private static final String DIAGNOSTIC_COMMANDS = "com.sun.management:type=DiagnosticCommand";
  private static final String[] NO_ARGUMENTS = new String[0];
  private static final String[] SIGNATURE = {String[].class.getName()};

  private final CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final ObjectName diagnosticCommands;

  CompilerActivity() {
    ObjectName name;
    try {
      name = new ObjectName(DIAGNOSTIC_COMMANDS);
      if (!server.isRegistered(name)) {
        name = null;
      }
    } catch (JMException e) {
      name = null;
    }
    this.diagnosticCommands = name;
  }

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
    if (diagnosticCommands == null) {
      return -1;
    }
    try {
      Object queue = server.invoke(diagnosticCommands, "compilerQueue", new Object[] {NO_ARGUMENTS}, SIGNATURE);
      return queue instanceof String text ? countOptimisations(text) : -1;
    } catch (JMException | RuntimeException e) {
      return -1;
    }
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
