package gauntlet.agent.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  /** The static server binary, built now if this source hash has not been built before. */
  public synchronized Path binary() throws TargetException {
    String hash = BuiltInServer.GO.sourceHash();
    Path binary = cacheDir.resolve("go-server-" + hash).resolve("server");
    if (Files.isExecutable(binary)) {
      return binary;
    }
    Path go = runtimes.status("go").require();
    Path work = null;
    try {
      Files.createDirectories(binary.getParent());
      work = Files.createTempDirectory(cacheDir, "go-build-");
      Path sources = BuiltInServer.GO.extractTo(work.resolve("src"));
      Path output = work.resolve("server");
      ProcessBuilder build = new ProcessBuilder(
          go.toString(), "build", "-trimpath", "-ldflags=-s -w", "-o", output.toString(), ".")
          .directory(sources.toFile())
          .redirectErrorStream(true);
      Map<String, String> env = build.environment();
      env.put("CGO_ENABLED", "0");
      env.put("GOFLAGS", "-mod=mod");
      env.put("GOCACHE", cacheDir.resolve("go-cache").toString());
      env.put("GOPATH", cacheDir.resolve("go-path").toString());
      env.put("GOPROXY", "off");
      env.put("GOTOOLCHAIN", "local");
      Process process = build.start();
      String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new TargetException("Building the Go server took longer than 5 minutes", log, null);
      }
      if (process.exitValue() != 0) {
        throw new TargetException(
            "Building the Go server with " + go + " failed (exit " + process.exitValue() + ")", log, null);
      }
      // Publish atomically so a concurrent agent never runs a half-written binary.
      Files.move(output, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return binary;
    } catch (IOException e) {
      throw new TargetException("Cannot build the Go server in " + cacheDir + ": " + e.getMessage(), "", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException("Interrupted while building the Go server");
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
