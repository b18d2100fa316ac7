package gauntlet.cli;

import gauntlet.controller.plan.Plan;
import gauntlet.controller.report.LedgerWriter;
import gauntlet.controller.report.ResultsDirectory;
import gauntlet.controller.report.RunResult;
import gauntlet.controller.run.AgentDialer;
import gauntlet.controller.run.RunOrchestrator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a plan from the command line: live progress on stderr, results written after every cell,
 * the ledger on stdout at the end. Ctrl-C stops the load and the targets, keeps what was measured
 * and exits with 130.
 */
final class RunExecution {
  /** Exit code when a cell failed. */
  static final int CELL_FAILED = 1;
  /** Exit code after Ctrl-C, as shells report a process ended by SIGINT (128 + 2). */
  static final int INTERRUPTED = 130;

  private RunExecution() {}

  static int execute(Plan plan, AgentDialer dialer, Path outDir, Duration lease, PrintWriter out, PrintWriter err) {
    ResultsDirectory results = new ResultsDirectory(outDir);
    ConsoleProgress progress = new ConsoleProgress(err);
    RunOrchestrator orchestrator = new RunOrchestrator(plan, dialer, results::write, progress, lease);
    CountDownLatch finished = new CountDownLatch(1);
    Thread interrupt = new Thread(() -> {
      progress.note("interrupted: stopping the load and the targets, keeping what was measured");
      orchestrator.cancel();
      try {
        // The JVM exits when this hook returns: give the run time to stop targets and write results.
        finished.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "gauntlet-interrupt");
    Runtime.getRuntime().addShutdownHook(interrupt);
    try {
      RunResult result = orchestrator.run();
      results.write(result);
      out.println();
      out.print(LedgerWriter.render(result));
      out.println();
      out.println("Results: " + outDir.toAbsolutePath() + " (ledger.md, results.json, report.html, *.hlog)");
      out.flush();
      if (orchestrator.wasCancelled()) {
        progress.note("interrupted: " + result.cells().stream().filter(c -> !c.failed()).count()
            + " finished cell(s) kept in " + outDir.toAbsolutePath());
        return INTERRUPTED;
      }
      return result.cells().stream().anyMatch(c -> c.failed()) ? CELL_FAILED : 0;
    } finally {
      dialer.close();
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(interrupt);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and waits for the latch counted down above.
      }
    }
  }
}
