package gauntlet.cli;

import gauntlet.controller.run.PreflightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that {@code --out} can take the results before a run starts anything. */
final class ResultsFolders {
  private ResultsFolders() {}

  /**
   * Creates and deletes a file in the folder, or in its nearest existing parent when the folder
   * does not exist yet (the run creates it), so nothing is left behind. A check of permission
   * bits would be wrong for root and for read-only mounts; only a write tells.
   *
   * @throws PreflightException naming the folder and why it cannot be written
   */
  static void checkWritable(Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw unwritable(folder, "no part of it exists");
    }
    if (!Files.isDirectory(existing)) {
      throw unwritable(folder, existing + " is a file, not a folder");
    }
    try {
      Files.delete(Files.createTempFile(existing, ".gauntlet-write-check-", ".tmp"));
    } catch (IOException e) {
      throw unwritable(folder, existing + " cannot be written (" + reason(e) + ")");
    }
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getClass().getSimpleName();
  }

  private static PreflightException unwritable(Path folder, String why) {
    return new PreflightException("--out " + folder + " cannot take the results: " + why + "; choose another --out");
  }
}
