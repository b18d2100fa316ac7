package gauntlet.cli;

import gauntlet.core.security.SecurityConfigException;
import gauntlet.controller.plan.PlanException;
import gauntlet.controller.run.PreflightException;
import gauntlet.controller.run.RunException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the failures a user can fix into one line on stderr and an exit code: 2 for bad input (a
 * plan mistake, agents that cannot run it, unusable token or TLS files), 1 for a run that failed. Anything else is a bug and
 * keeps its stack trace.
 */
final class Failures implements IExecutionExceptionHandler {
  static final int BAD_INPUT = 2;
  static final int FAILED = 1;

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) throws Exception {
    if (e instanceof PlanException || e instanceof PreflightException || e instanceof SecurityConfigException) {
      command.getErr().println("gauntlet: " + e.getMessage());
      return BAD_INPUT;
    }
    if (e instanceof RunException || e instanceof UncheckedIOException) {
      command.getErr().println("gauntlet: " + e.getMessage());
      return FAILED;
    }
    throw e;
  }
}
