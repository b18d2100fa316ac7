package gauntlet.agent.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compiles the built-in Go server into a static binary, once per source hash. Both the process
 * launcher (runs it directly) and offline docker images ({@code FROM scratch}) use it.
 */
public final class GoServerBuild {
  private final Path cacheDir;
  private final HostRuntimes runtimes;

  public GoServerBuild(Path cacheDir, HostRuntimes runtimes) {
    this.cacheDir = cacheDir;
    this.runtimes = runtimes;
  }

  /**
   * The static server binary, built now if these sources have not been built with this Go version
   * before: a new toolchain may change the server's performance, so it gets its own build.
   */
  public synchronized Path binary() throws TargetException {
    RuntimeStatus goStatus = runtimes.status("go");
    String key = BuiltInServer.GO.sourceHash() + (goStatus.version().isBlank() ? "" : "-" + goStatus.version());
    Path binary = cacheDir.resolve("go-server-" + key).resolve("server");
    if (Files.isExecutable(binary)) {
      return binary;
    }
    Path go = goStatus.require();
    Path work = null;
    try {
      Files.createDirectories(binary.getParent());
      work = Files.createTempDirectory(cacheDir, "go-build-");
      Path sources = BuiltInServer.GO.extractTo(work.resolve("src"));
      Path output = work.resolve("server");
      // GOPROXY=off: the server needs nothing beyond the standard library, and must never download.
      Map<String, String> env = Map.of("CGO_ENABLED", "0", "GOFLAGS", "-mod=mod", "GOPROXY", "off",
          "GOTOOLCHAIN", "local");
      CommandOutput.Result result = CommandOutput.run(
          List.of(go.toString(), "build", "-trimpath", "-ldflags=-s -w", "-o", output.toString(), "."),
          sources, env, Duration.ofMinutes(5));
      if (result.exitCode() == -1) {
        throw new TargetException("Building the Go server took longer than 5 minutes", result.output(), null);
      }
      if (!result.succeeded()) {
        throw new TargetException(
            "Building the Go server with " + go + " failed (exit " + result.exitCode() + ")", result.output(), null);
      }
      // Publish atomically so a concurrent agent never runs a half-written binary.
      Files.move(output, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return binary;
    } catch (IOException e) {
      throw new TargetException("Cannot build the Go server in " + cacheDir + ": " + e.getMessage(), "", e);
    } finally {
      deleteQuietly(work);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A leftover build folder in the cache is harmless; the next build uses a fresh one.
    }
  }
}
