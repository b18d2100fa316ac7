package gauntlet.agent.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompilerActivityTest {

  @Test
  void countsOnlyWhatC2IsCompilingOrHasQueued() {
    // As `jcmd PID Compiler.queue` prints it on JDK 17.
    String listing = """
        Current compiles:\s
        C2 CompilerThread0  1254       4       jdk.internal.org.objectweb.asm.SymbolTable::addConstantUtf8 (98 bytes)
        C1 CompilerThread0  1260       3       java.util.HashMap::resize (356 bytes)

        C1 compile queue:
        1261       3       java.util.HashMap::putVal (300 bytes)

        C2 compile queue:
        1269       4       sun.reflect.generics.parser.SignatureParser::advance (53 bytes)
        1281  s    4       java.io.ByteArrayInputStream::read (36 bytes)
        """;

    assertThat(CompilerActivity.countOptimisations(listing)).isEqualTo(3);
  }

  @Test
  void anIdleCompilerHasNothingPending() {
    String listing = """
        Current compiles:\s

        C1 compile queue:
        Empty

        C2 compile queue:
        Empty
        """;

    assertThat(CompilerActivity.countOptimisations(listing)).isZero();
  }

  @Test
  void hotSpotTellsBothFigures() {
    CompilerActivity activity = new CompilerActivity();

    assertThat(activity.compileMillis()).isNotNegative();
    assertThat(activity.pendingOptimisations()).isNotNegative();
  }
}
