package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsDirectoryTest {
  @TempDir
  Path temp;

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void everyOutputIsWrittenAndReplacedAfterEachCell() throws IOException {
    Path out = temp.resolve("results/run-1");
    Plan plan = SampleRuns.plan(List.of("node", "bun", "go"), List.of(1.0), List.of(false), 0);
    List<Cell> cells = plan.cells();
    CellResult node = SampleRuns.measured(cells.get(0), 1_780_000_000_000L, 3, 1);
    CellResult bun = SampleRuns.measured(cells.get(1), 1_780_000_010_000L, 3, 2);
    CellResult go = SampleRuns.failed(cells.get(2), "agent lost");
    ResultsDirectory directory = new ResultsDirectory(out);

    directory.write(new RunResult("r", plan, SampleRuns.STARTED, List.of(), List.of(node)));
    assertThat(files(out)).containsExactly("ledger.md", "node-1cpu.hlog", "report.html", "results.csv",
        "results.json");
    assertThat(Files.readString(out.resolve("ledger.md"))).contains("1 of 3 cells done").doesNotContain("Bun");

    directory.write(new RunResult("r", plan, SampleRuns.STARTED, List.of(), List.of(node, bun, go)));
    // The failed cell never loaded: it has no log. No temporary file is left behind.
    assertThat(files(out)).containsExactly("bun-1cpu.hlog", "ledger.md", "node-1cpu.hlog", "report.html",
        "results.csv", "results.json");
    assertThat(Files.readString(out.resolve("ledger.md"))).contains("3 of 3 cells done, 1 failed", "Bun (1 Core)");
    assertThat(Files.readString(out.resolve("results.json"))).contains("\"cells_done\" : 3");
    assertThat(Files.readString(out.resolve("report.html"))).contains("failed: agent lost");
  }

  @Test
  void outputsArePureFunctionsOfTheRun() throws IOException {
    RunResult run = SampleRuns.phase4();
    new ResultsDirectory(temp.resolve("a")).write(run);
    new ResultsDirectory(temp.resolve("b")).write(run);

    for (String name : files(temp.resolve("a"))) {
      assertThat(Files.readAllBytes(temp.resolve("b").resolve(name))).as(name)
          .isEqualTo(Files.readAllBytes(temp.resolve("a").resolve(name)));
    }
    assertThat(Files.readString(temp.resolve("a/ledger.md"))).isEqualTo(LedgerWriter.render(run));
  }

  @Test
  void resultFilesGetTheUsersUmaskNotOwnerOnly() throws IOException {
    // They are meant to be shared; temporary files made by Files.createTempFile were mode 0600.
    Path out = temp.resolve("shared");
    new ResultsDirectory(out).write(SampleRuns.phase4());
    Path plain = Files.createFile(temp.resolve("made-like-any-program"));
    java.util.Set<java.nio.file.attribute.PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
    assertThat(files(out)).isNotEmpty().allSatisfy(name ->
        assertThat(Files.getPosixFilePermissions(out.resolve(name))).as(name).isEqualTo(expected));
    assertThat(expected).as("the umask of this test run lets others read").contains(
        java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
  }
}
