package gauntlet.agent.target;

import gauntlet.core.BuiltInRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The servers the agent carries in its jar (the repository's {@code servers/} folder): the only
 * programs it will ever run as targets besides images on its allow-list.
 */
public enum BuiltInServer {
  NODE(BuiltInRuntime.NODE, List.of("server.js", "cluster.js", "Dockerfile")),
  BUN(BuiltInRuntime.BUN, List.of("server.js", "cluster.js", "Dockerfile")),
  GO(BuiltInRuntime.GO, List.of("main.go", "go.mod", "Dockerfile"));

  private static final String RESOURCE_ROOT = "/gauntlet/servers/";

  private final String runtime;
  private final List<String> fileNames;

  BuiltInServer(BuiltInRuntime runtime, List<String> fileNames) {
    this.runtime = runtime.planName();
    this.fileNames = fileNames;
  }

  /** The plan's name: node, bun or go. */
  public String runtime() {
    return runtime;
  }

  public static Optional<BuiltInServer> forRuntime(String runtime) {
    return BuiltInRuntime.forName(runtime).map(r -> valueOf(r.name()));
  }

  public static List<String> runtimeNames() {
    return BuiltInRuntime.names();
  }

  /** Every source file, by name, in a stable order. */
  public Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : fileNames) {
      String resource = RESOURCE_ROOT + runtime + "/" + name;
      try (InputStream in = BuiltInServer.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("The agent jar lacks " + resource + "; rebuild it with ./gauntlet build");
        }
        files.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + resource + " from the agent jar", e);
      }
    }
    return files;
  }

  /**
   * A short hash of every source file: image tags and build caches carry it, so a changed server
   * is rebuilt and an unchanged one is reused.
   */
  public String sourceHash() {
    return hash(files());
  }

  /** A short SHA-256 of file names and contents, in the map's order: the one hash of server sources. */
  public static String hash(Map<String, byte[]> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(file.getValue());
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Writes the sources into {@code directory} (created if needed) and returns it. */
  public Path extractTo(Path directory) {
    try {
      Files.createDirectories(directory);
      for (Map.Entry<String, byte[]> file : files().entrySet()) {
        Files.write(directory.resolve(file.getKey()), file.getValue());
      }
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the " + runtime + " server sources to " + directory, e);
    }
  }
}
