package gauntlet.controller.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The output folder of a run: ledger.md, results.json, one .hlog per cell and report.html, each
 * replaced atomically so that a reader (or a crash) never sees a half-written file.
 */
public final class ResultsDirectory {
  private final Path dir;

  public ResultsDirectory(Path dir) {
    this.dir = dir;
  }

  public Path path() {
    return dir;
  }

  /** Writes everything the run has so far. */
  public void write(RunResult run) {
    try {
      Files.createDirectories(dir);
      replace("ledger.md", LedgerWriter.render(run).getBytes(StandardCharsets.UTF_8));
      replace("results.json", ResultsJsonWriter.render(run).getBytes(StandardCharsets.UTF_8));
      for (CellResult cell : run.cells()) {
        if (!cell.failed()) {
          ByteArrayOutputStream hlog = new ByteArrayOutputStream();
          HlogWriter.write(hlog, run.started().toEpochMilli(), cell.intervals(),
              "Gauntlet run " + run.runId() + ", cell " + cell.cell().id());
          replace(cell.cell().id() + ".hlog", hlog.toByteArray());
        }
      }
      replace("report.html", HtmlReportWriter.render(run).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the results to " + dir + ": " + e.getMessage(), e);
    }
  }

  private void replace(String name, byte[] content) throws IOException {
    Path temp = Files.createTempFile(dir, "." + name, ".tmp");
    try {
      Files.write(temp, content);
      Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
