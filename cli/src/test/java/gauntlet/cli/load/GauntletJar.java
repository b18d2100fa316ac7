package gauntlet.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** What a test needs to run the built CLI in a JVM of its own: this JDK's java and the jar. */
final class GauntletJar {
  private GauntletJar() {}

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Path jar() {
    Path jar = Path.of("target", "gauntlet.jar").toAbsolutePath();
    assertThat(jar).as("the cli jar, built by package before the integration tests").exists();
    return jar;
  }
}
