package gauntlet.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiagnosticCommandsTest {
  private final DiagnosticCommands commands = DiagnosticCommands.ofThisJvm();

  @Test
  void aCommandAnswersWhatJcmdWouldPrint() {
    assertThat(commands.available()).isTrue();
    assertThat(commands.run("vmVersion")).hasValueSatisfying(text -> assertThat(text).contains("JDK"));
  }

  @Test
  void anUnknownCommandAnswersEmpty() {
    assertThat(commands.run("noSuchCommand")).isEmpty();
  }
}
