package gauntlet.cli;

import gauntlet.controller.compare.CompareException;
import gauntlet.controller.compare.CompareReport;
import gauntlet.controller.compare.RecordedRun;
import gauntlet.controller.compare.RunComparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gauntlet compare BASE NEW}: two results folders, cell by cell, with intervals; exit 1 on a regression. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compares two results folders cell by cell: each figure's change with its 95 % interval, and"
        + " whether it is significant. Exits 1 when a significant regression beyond --max-regression exists,"
        + " 0 otherwise, 2 for bad input.")
final class CompareCommand implements Callable<Integer> {
  static final int REGRESSION = 1;
  static final String REPORT = "compare.md";

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BASE", description = "The results folder to compare against.")
  Path base;

  @Parameters(index = "1", paramLabel = "NEW", description = "The results folder of the new run.")
  Path current;

  @Option(names = "--max-regression", paramLabel = "PCT", defaultValue = "5%",
      description = "Worsening allowed before a significant change counts as a regression (default ${DEFAULT-VALUE}).")
  String maxRegression;

  @Option(names = "--out", paramLabel = "FILE", description = "Where compare.md goes (default: NEW/compare.md).")
  Path out;

  @Override
  public Integer call() {
    double limit = share(maxRegression);
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RunComparison comparison;
    try {
      comparison = RunComparison.of(RecordedRun.read(base), RecordedRun.read(current), limit);
    } catch (CompareException e) {
      err.println("gauntlet compare: " + e.getMessage());
      return Failures.BAD_INPUT;
    }
    if (comparison.cells().isEmpty()) {
      err.println("gauntlet compare: no cell of " + current + " matches a cell of " + base + " (runtime, cluster);"
          + " compare runs of the same plan");
      return Failures.BAD_INPUT;
    }
    String report = CompareReport.markdown(comparison);
    Path file = out != null ? out : comparison.current().folder().resolve(REPORT);
    try {
      Files.writeString(file, report, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("gauntlet compare: cannot write " + file + ": " + e.getMessage());
      return Failures.BAD_INPUT;
    }
    stdout.print(report);
    stdout.println("(written to " + file + ")");
    stdout.flush();
    return comparison.regressed() ? REGRESSION : 0;
  }

  /** "5%", "5 %" or "5": five per cent, as a share 0.05. */
  private double share(String text) {
    String number = text.strip().replaceFirst("\\s*%$", "");
    try {
      double pct = Double.parseDouble(number);
      if (pct >= 0 && pct < 100) {
        return pct / 100;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max-regression must be a percentage"
        + " from 0 to 100 such as 5%, not '" + text + "'");
  }
}
