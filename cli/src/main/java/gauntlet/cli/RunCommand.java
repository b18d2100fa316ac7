package gauntlet.cli;

import gauntlet.agent.AgentSettings;
import gauntlet.agent.load.JitCompilers;
import gauntlet.agent.session.Sessions;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.PlanParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gauntlet run PLAN.yaml}: every cell of the plan against its agents. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Runs a plan: targets on one agent, load from others, results merged into one ledger.")
final class RunCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PLAN.yaml", description = "The plan (see README.md and deploy/plans/).")
  Path planFile;

  @Option(names = "--out", paramLabel = "DIR", description = "Where results go (default: results/<plan>-<time>).")
  Path out;

  @Option(names = "--lease", defaultValue = "10s", converter = DurationConverter.class,
      description = "How long agents keep what they started if this controller goes silent (default ${DEFAULT-VALUE}).")
  Duration lease;

  @Option(names = "--junit", paramLabel = "FILE",
      description = "Also write the plan's expectations as JUnit XML, one testcase per cell and expectation.")
  Path junit;

  @Mixin
  MetricsOptions metrics;

  @Mixin
  RepetitionOptions repetitions;

  /**
   * True when this command has the JVM to itself ({@link Gauntlet#main}), not a test's: it may then
   * turn C2 off for a controller that loads nothing ({@link OptimisingCompiler}).
   */
  boolean ownsJvm;

  @Override
  public Integer call() {
    metrics.check();
    checkLease(spec, lease);
    Plan plan = repetitions.apply(PlanParser.parse(planFile));
    if (ownsJvm) {
      chooseCompilers(plan, JitCompilers.ofThisJvm());
    }
    Path dir = out != null ? out : defaultOut(plan.name());
    // Before any agent is contacted: a folder found unwritable after cell 1 lost its measurement.
    ResultsFolders.checkWritable(dir);
    Dialer dialer = Dialers.forPlan(plan, () -> LocalAgent.start(AgentSettings.loopback("local", LocalAgent.workDir())),
        spec.commandLine().getErr());
    return RunExecution.execute(plan, dialer, dir, lease, metrics, java.util.Optional.ofNullable(junit),
        spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /**
   * Before connecting, the thousand-fold part of a big run: a JVM that merges and does not load
   * needs C2 for the decoder alone. The launchers start such a run C1 only (scripts/jvm-options.sh),
   * which leaves nothing to do; one started with both is told to keep C2 to the decoder.
   */
  private void chooseCompilers(Plan plan, JitCompilers jit) {
    if (!plan.loadsInProcess() && jit == JitCompilers.C1_AND_C2) {
      OptimisingCompiler.turnOff();
    } else if (plan.loadsInProcess() && jit == JitCompilers.C1_ONLY) {
      spec.commandLine().getErr().println("gauntlet run: JIT: C1 only, so the local agent's load costs more CPU per "
          + "request than with C2 (GAUNTLET_JIT=c2 keeps both)");
    }
  }

  /** Within what agents accept: a lease of 0 s or 1 ms would end every session at once. */
  static void checkLease(CommandSpec spec, Duration lease) {
    if (lease.compareTo(Sessions.MIN_LEASE) < 0 || lease.compareTo(Sessions.MAX_LEASE) > 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--lease must be between "
          + Sessions.MIN_LEASE.toSeconds() + "s and " + Sessions.MAX_LEASE.toMinutes() + "m, not " + lease.toMillis()
          + "ms");
    }
  }

  static Path defaultOut(String name) {
    return Path.of("results", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }
}
