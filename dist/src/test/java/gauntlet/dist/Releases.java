package gauntlet.dist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The release the dist module's package phase made (once per build), and an environment whose
 * PATH holds every command of this machine except Java's: the release must bring its own.
 */
final class Releases {
  private Releases() {}

  static Path tarball() {
    return Path.of(System.getProperty("gauntlet.release.tarball"));
  }

  /** The unpacked folder beside the tarball (what the tarball holds). */
  static Path dir() {
    return Path.of(System.getProperty("gauntlet.release.dir"));
  }

  static Path repo() {
    return Path.of(System.getProperty("gauntlet.repo")).toAbsolutePath().normalize();
  }

  static String id() {
    try {
      return Files.readString(dir().resolve("RELEASE")).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A folder of links to every program on this machine's PATH but the Java tools, for a PATH that
   * finds tar, go, docker and node but no java.
   */
  static Path pathWithoutJava(Path parent) throws java.io.IOException {
    Path bin = Files.createDirectories(parent.resolve("bin-without-java"));
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path folder = Path.of(dir);
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (var list = Files.list(folder)) {
        for (Path program : (Iterable<Path>) list::iterator) {
          String name = program.getFileName().toString();
          if (name.equals("java") || name.startsWith("java") || name.equals("jshell") || name.equals("jlink")
              || Files.exists(bin.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            continue;
          }
          Files.createSymbolicLink(bin.resolve(name), program);
        }
      }
    }
    return bin;
  }

  /**
   * HOME and a PATH without Java; nothing else of this process's environment (no JAVA_HOME). The
   * launcher's class-data archives go beside {@code bin}, in the test's scratch folder, not into
   * HOME's cache.
   */
  static Map<String, String> envWithoutJava(Path bin) {
    return Map.of("HOME", System.getProperty("user.home"), "PATH", bin.toString(), "LANG", "C.UTF-8",
        "XDG_CACHE_HOME", bin.resolveSibling("xdg-cache").toString());
  }

  /** The results.json a run of the release wrote into {@code out}, checked against docs/results.schema.json. */
  static com.fasterxml.jackson.databind.JsonNode results(Path out) throws java.io.IOException {
    return gauntlet.controller.report.ResultsSchema.assertValid(
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("results.json").toFile()));
  }
}
