package gauntlet.cli;

import gauntlet.controller.metrics.LiveMetrics;
import gauntlet.controller.metrics.MetricsServer;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.report.CellOutcome;
import gauntlet.controller.report.ExpectationResult;
import gauntlet.controller.report.JunitReport;
import gauntlet.controller.report.LedgerWriter;
import gauntlet.controller.report.ResultsDirectory;
import gauntlet.controller.report.RunResult;
import gauntlet.controller.run.AgentDialer;
import gauntlet.controller.run.Progress;
import gauntlet.controller.run.RunEta;
import gauntlet.controller.run.RunOrchestrator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a plan from the command line: live progress on stderr, results written after every cell,
 * the ledger on stdout at the end, live metrics with {@code --metrics}. Ctrl-C stops the load and
 * the targets, keeps what was measured and exits with 130.
 */
final class RunExecution {
  /** Exit code when a cell failed or was degraded (README "Exit codes"; 2, bad input, is {@link Failures}'). */
  static final int CELL_FAILED = 1;
  /** Exit code when every cell ran but an expectation of the plan's {@code expect:} was not met. */
  static final int EXPECTATIONS_UNMET = 3;
  /**
   * Exit code after Ctrl-C, as shells report a process ended by SIGINT (128 + 2). After SIGTERM
   * the JVM itself exits with 143 (128 + 15) once the shutdown hook has stopped the run.
   */
  static final int INTERRUPTED = 130;

  private RunExecution() {}

  static int execute(Plan plan, AgentDialer dialer, Path outDir, Duration lease, MetricsOptions metrics,
      PrintWriter out, PrintWriter err) {
    return execute(plan, dialer, outDir, lease, metrics, Optional.empty(), out, err);
  }

  /** @param junit where to write the expectations as JUnit XML ({@code --junit}) */
  static int execute(Plan plan, AgentDialer dialer, Path outDir, Duration lease, MetricsOptions metrics,
      Optional<Path> junit, PrintWriter out, PrintWriter err) {
    ResultsDirectory results = new ResultsDirectory(outDir);
    RunEta eta = new RunEta(plan.load().warmup().plus(plan.load().duration()), System::nanoTime);
    ConsoleProgress console = new ConsoleProgress(err, eta);
    LiveMetrics live = new LiveMetrics(eta);
    Optional<MetricsServer> server;
    try {
      server = metrics.start(live.registry());
    } catch (RuntimeException e) {
      dialer.close();
      throw e;
    }
    server.ifPresent(s -> console.note("metrics: " + s.endpoint() + " (OpenMetrics)"));
    // The ETA hears every event first, so the others read it up to date.
    Progress progress = server.isPresent() ? Progress.all(eta, live, console) : Progress.all(eta, console);
    RunOrchestrator orchestrator = new RunOrchestrator(plan, dialer, results::write, progress, lease);
    CountDownLatch finished = new CountDownLatch(1);
    CountDownLatch lingerEnds = new CountDownLatch(1);
    Thread interrupt = new Thread(() -> {
      console.note("interrupted: stopping the load and the targets, keeping what was measured");
      lingerEnds.countDown();
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
      out.println("Results: " + outDir.toAbsolutePath()
          + " (ledger.md, results.json, results.csv, report.html, *.hlog)");
      out.flush();
      if (server.isPresent() && !orchestrator.wasCancelled()) {
        linger(metrics.linger, lingerEnds, console);
      }
      List<ExpectationResult> expectations = ExpectationResult.of(result);
      if (junit.isPresent()) {
        try {
          JunitReport.write(junit.get(), result.runId(), expectations);
        } catch (IOException e) {
          console.note("could not write --junit " + junit.get() + ": " + e.getMessage());
        }
      }
      if (orchestrator.wasCancelled()) {
        console.note("interrupted: " + result.cells().stream().filter(c -> !c.failed()).count()
            + " finished cell(s) kept in " + outDir.toAbsolutePath());
        return INTERRUPTED;
      }
      return exitCode(result, expectations);
    } finally {
      server.ifPresent(MetricsServer::close);
      dialer.close();
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(interrupt);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and waits for the latch counted down above.
      }
    }
  }

  /** 1 when a cell failed or was degraded, else 3 when an expectation was not met, else 0. */
  static int exitCode(RunResult result, List<ExpectationResult> expectations) {
    double maxErrors = result.plan().load().maxErrors();
    if (result.cells().size() < result.plan().cells().size()
        || result.cells().stream().anyMatch(c -> !CellOutcome.of(c, maxErrors).ok())) {
      return CELL_FAILED;
    }
    return ExpectationResult.anyFailed(expectations) ? EXPECTATIONS_UNMET : 0;
  }

  /** Keeps the metrics up after the run so the scraper's next scrape sees every final figure. */
  private static void linger(Duration linger, CountDownLatch ends, ConsoleProgress console) {
    if (linger.isZero()) {
      return;
    }
    console.note("metrics: serving the final figures for " + linger.toMillis() / 1000.0
        + " s more, for a last scrape (Ctrl-C ends it)");
    try {
      ends.await(linger.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
