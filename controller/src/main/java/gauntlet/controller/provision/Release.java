package gauntlet.controller.provision;

import gauntlet.controller.run.PreflightException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An unpacked release (made by {@code ./gauntlet dist}): its folder and the id in its
 * {@code RELEASE} file, {@code <version>-<hash of its files>}. The id names the folder it gets on
 * a provisioned machine, so a machine that has it is not sent it again.
 *
 * @param dir the release's root (holding bin/, lib/, runtime/, RELEASE)
 * @param id e.g. {@code 0.1.0-608b4c932b38}
 * @param arch the machine architecture it runs on, as {@code uname -m} says it
 */
public record Release(Path dir, String id, String arch) {
  /** Set by the release's bin/gauntlet to its own root. */
  public static final String HOME_PROPERTY = "gauntlet.home";
  private static final Pattern ID = Pattern.compile("[0-9A-Za-z.+-]{1,64}-[0-9a-f]{12}");
  private static final Pattern NAME_ARCH = Pattern.compile("gauntlet-.*-linux-([a-z0-9_]+)");

  /**
   * The release to provision: {@code explicit} when the plan names one, else the release this
   * controller runs from.
   *
   * @throws PreflightException when there is neither, saying how to make one
   */
  public static Release locate(Optional<Path> explicit) {
    Optional<Path> dir = explicit.or(() -> Optional.ofNullable(System.getProperty(HOME_PROPERTY)).map(Path::of));
    if (dir.isEmpty()) {
      throw new PreflightException("ssh:// agents are started from a Gauntlet release, and this controller does not run"
          + " from one: build it with ./gauntlet dist and run dist/gauntlet-*/bin/gauntlet, or set ssh.release: to an"
          + " unpacked release");
    }
    return read(dir.get());
  }

  /** @throws PreflightException when {@code dir} is not an unpacked release */
  public static Release read(Path dir) {
    Path file = dir.resolve("RELEASE");
    String id;
    try {
      id = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new PreflightException("Cannot read " + file + " (" + e.getMessage() + "): ssh.release must be an unpacked"
          + " release made by ./gauntlet dist");
    }
    if (!ID.matcher(id).matches()) {
      throw new PreflightException(file + " holds " + quote(id) + ", not a release id like 0.1.0-608b4c932b38;"
          + " rebuild the release with ./gauntlet dist");
    }
    if (!Files.isExecutable(dir.resolve("bin/gauntlet")) || !Files.isExecutable(dir.resolve("runtime/bin/java"))) {
      throw new PreflightException(dir + " lacks bin/gauntlet or runtime/bin/java: unpack the release again");
    }
    var name = NAME_ARCH.matcher(dir.toAbsolutePath().normalize().getFileName().toString());
    String arch = name.matches() ? name.group(1) : "x86_64";
    return new Release(dir, id, arch);
  }

  /** The release's files as an uncompressed tar (its jar and runtime are compressed already). */
  public void writeTar(OutputStream out) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> !p.equals(dir)).sorted().toList();
    }
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    for (Path file : files) {
      String name = dir.relativize(file).toString().replace('\\', '/');
      boolean folder = Files.isDirectory(file);
      TarArchiveEntry entry = new TarArchiveEntry(folder ? name + "/" : name);
      entry.setMode((folder ? TarArchiveEntry.DEFAULT_DIR_MODE : TarArchiveEntry.DEFAULT_FILE_MODE) & ~0777
          | mode(Files.getPosixFilePermissions(file)));
      if (!folder) {
        entry.setSize(Files.size(file));
      }
      tar.putArchiveEntry(entry);
      if (!folder) {
        Files.copy(file, tar);
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
    tar.flush();
  }

  /** Bytes {@link #writeTar} sends, roughly (file contents). */
  public long size() {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= switch (p) {
        case OWNER_READ -> 0400;
        case OWNER_WRITE -> 0200;
        case OWNER_EXECUTE -> 0100;
        case GROUP_READ -> 040;
        case GROUP_WRITE -> 020;
        case GROUP_EXECUTE -> 010;
        case OTHERS_READ -> 04;
        case OTHERS_WRITE -> 02;
        case OTHERS_EXECUTE -> 01;
      };
    }
    return mode;
  }

  private static String quote(String text) {
    return "'" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'";
  }
}
