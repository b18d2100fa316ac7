package gauntlet.controller.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The {@code --out} folder: ledger.md, results.json, results.csv, report.html and one {@code <cell-id>.hlog}
 * per cell ({@code <cell-id>-r<k>.hlog} per repetition when cells repeat). Every file is written to a temporary file beside it and moved into place, so a reader
 * (or a crash) never sees half a file; call {@link #write} after every cell.
 */
public final class ResultsDirectory {
  public static final String LEDGER = "ledger.md";
  public static final String RESULTS = "results.json";
  public static final String REPORT = "report.html";
  public static final String CSV = "results.csv";

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final Path directory;

  public ResultsDirectory(Path directory) {
    this.directory = directory;
  }

  public Path path() {
    return directory;
  }

  /**
   * Writes every output for the run so far, replacing the previous ones.
   *
   * @throws UncheckedIOException naming the file that could not be written
   */
  public void write(RunResult run) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the results folder " + directory + ": " + e.getMessage(), e);
    }
    for (CellResult cell : run.cells()) {
      List<CellResult> runs = run.runsOf(cell);
      for (int i = 0; i < runs.size(); i++) {
        CellResult repetition = runs.get(i);
        if (HlogWriter.hasIntervals(repetition)) {
          String name = runs.size() == 1 ? HlogWriter.fileName(repetition) : HlogWriter.fileName(repetition, i + 1);
          writeAtomically(name, out -> HlogWriter.write(repetition, out));
        }
      }
    }
    writeText(RESULTS, ResultsJsonWriter.render(run));
    writeText(CSV, ResultsCsvWriter.render(run));
    writeText(REPORT, HtmlReportWriter.render(run));
    writeText(LEDGER, LedgerWriter.render(run));
  }

  private void writeText(String name, String text) {
    writeAtomically(name, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  @FunctionalInterface
  private interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private void writeAtomically(String name, Content content) {
    Path target = directory.resolve(name);
    Path temporary = null;
    try {
      // Not Files.createTempFile: it makes files of mode 0600, and results are meant to be shared.
      // A new file made by newOutputStream gets 0666 less the user's umask, as any program's would.
      temporary = directory.resolve("." + name + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
      try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        content.writeTo(out);
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temporary = null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // The write already failed; that error is the one worth reporting.
        }
      }
    }
  }
}
