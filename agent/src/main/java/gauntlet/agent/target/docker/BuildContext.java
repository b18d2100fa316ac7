package gauntlet.agent.target.docker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A docker build context assembled in memory (small files) and from host files (runtimes,
 * libraries), written as the tar the engine's build endpoint takes. Parent folders are added on
 * their own, so an image gets e.g. {@code /lib/x86_64-linux-gnu/} as a real folder.
 */
final class BuildContext {
  private static final int DIRECTORY_MODE = 0755;

  private sealed interface Content permits Bytes, HostFile, Folder {}

  private record Bytes(byte[] data, int mode) implements Content {}

  private record HostFile(Path source, int mode) implements Content {}

  private record Folder(int mode) implements Content {}

  private final Map<String, Content> entries = new TreeMap<>();

  /** Adds a file with the given content at {@code path} (relative, '/'-separated). */
  BuildContext addFile(String path, byte[] data, int mode) {
    put(path, new Bytes(data.clone(), mode));
    return this;
  }

  /** Adds the host file {@code source} (symbolic links followed) at {@code path}. */
  BuildContext addHostFile(String path, Path source, int mode) {
    put(path, new HostFile(source, mode));
    return this;
  }

  /** Adds an empty folder, e.g. {@code rootfs/tmp} with mode 01777. */
  BuildContext addFolder(String path, int mode) {
    put(path, new Folder(mode));
    return this;
  }

  boolean contains(String path) {
    return entries.containsKey(normalise(path));
  }

  /** Writes the context as a tar to {@code target}. */
  void writeTar(Path target) throws IOException {
    try (OutputStream file = Files.newOutputStream(target);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Map.Entry<String, Content> entry : entries.entrySet()) {
        write(tar, entry.getKey(), entry.getValue());
      }
      tar.finish();
    }
  }

  private static void write(TarArchiveOutputStream tar, String path, Content content) throws IOException {
    if (content instanceof Folder folder) {
      TarArchiveEntry entry = new TarArchiveEntry(path + "/");
      entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | folder.mode());
      tar.putArchiveEntry(entry);
      tar.closeArchiveEntry();
    } else if (content instanceof Bytes bytes) {
      TarArchiveEntry entry = new TarArchiveEntry(path);
      entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | bytes.mode());
      entry.setSize(bytes.data().length);
      tar.putArchiveEntry(entry);
      tar.write(bytes.data());
      tar.closeArchiveEntry();
    } else if (content instanceof HostFile host) {
      Path real = host.source().toRealPath();
      TarArchiveEntry entry = new TarArchiveEntry(path);
      entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | host.mode());
      entry.setSize(Files.size(real));
      tar.putArchiveEntry(entry);
      Files.copy(real, tar);
      tar.closeArchiveEntry();
    }
  }

  private void put(String path, Content content) {
    String normalised = normalise(path);
    int slash = normalised.lastIndexOf('/');
    while (slash > 0) {
      String parent = normalised.substring(0, slash);
      entries.putIfAbsent(parent, new Folder(DIRECTORY_MODE));
      slash = parent.lastIndexOf('/');
    }
    Content previous = entries.get(normalised);
    if (previous instanceof Folder && !(content instanceof Folder)) {
      throw new IllegalArgumentException("'" + normalised + "' is already a folder of this build context");
    }
    // An explicit folder (e.g. /tmp with its sticky bit) replaces one implied by a child path.
    entries.put(normalised, content);
  }

  private static String normalise(String path) {
    Objects.requireNonNull(path, "path");
    String trimmed = path.replace('\\', '/');
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty() || trimmed.contains("..")) {
      throw new IllegalArgumentException("Not a path inside a build context: '" + path + "'");
    }
    return trimmed;
  }
}
