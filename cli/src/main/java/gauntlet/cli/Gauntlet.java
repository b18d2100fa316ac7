package gauntlet.cli;

import gauntlet.cli.load.LoadCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gauntlet} command line: one binary for the controller, the agent and the load tool. */
@Command(
    name = "gauntlet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Benchmarks HTTP servers in containers or processes, across machines, and writes ledgers.",
    subcommands = {
        DemoCommand.class,
        RunCommand.class,
        AgentCommand.class,
        AgentsCommand.class,
        LoadCommand.class,
        CertsCommand.class,
        CompareCommand.class,
        CommandLine.HelpCommand.class})
public final class Gauntlet {
  /** The leak detector's level, as the load engine's Netty and gRPC's shaded copy of it read it. */
  static final java.util.List<String> LEAK_DETECTION_LEVELS =
      java.util.List.of("io.netty.leakDetection.level", "io.grpc.netty.shaded.io.netty.leakDetection.level");

  public static void main(String[] args) {
    // An agent's log is its record of what it ran; elsewhere the terminal shows progress, and the
    // log only warnings. slf4j-simple reads this once, at its first logger.
    boolean agent = args.length > 0 && args[0].equals("agent");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
        System.getProperty("gauntlet.log", agent ? "info" : "warn"));
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    if (!agent) {
      // The in-process local agent's answers all come back to this controller, which prints each
      // failure once (FAILED: ...); its service's own warning would print it a second time.
      System.setProperty("org.slf4j.simpleLogger.log.gauntlet.agent.rpc.AgentService", "error");
    }
    // docker-java logs every failed stream call as an ERROR (a pull without a registry, say);
    // the docker launcher turns each into its own message, so its log only repeats them.
    System.setProperty("org.slf4j.simpleLogger.log.com.github.dockerjava", "off");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    // Netty's leak detector samples one buffer in 128 and records a stack trace for it: a load
    // generator cannot afford that on its hot path, nor a controller reading a thousand agents'
    // reports a second (the test suite keeps it on to catch leaks). gRPC's shaded copy of Netty
    // reads its own, relocated property.
    for (String level : LEAK_DETECTION_LEVELS) {
      if (System.getProperty(level) == null) {
        System.setProperty(level, "disabled");
      }
    }
    CommandLine cli = commandLine();
    // This process is the command's alone: `run` may turn the JIT's optimising compiler off.
    cli.getSubcommands().get("run").<RunCommand>getCommand().ownsJvm = true;
    System.exit(cli.execute(args));
  }

  /** The command tree, shared by {@link #main} and tests (whose JVM the commands leave as it is). */
  public static CommandLine commandLine() {
    return new CommandLine(new Gauntlet()).setExecutionExceptionHandler(new Failures());
  }
}
