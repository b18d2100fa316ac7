package gauntlet.controller.cli;

import java.nio.file.Path;

/** Where the in-process agent of {@code local} plans keeps its builds and target folders. */
final class LocalAgent {
  private LocalAgent() {}

  static Path workDir() {
    return Path.of(System.getProperty("user.home"), ".gauntlet", "agent");
  }
}
