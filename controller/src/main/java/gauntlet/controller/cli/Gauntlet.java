package gauntlet.controller.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gauntlet} command line: one binary for the controller, the agent and the load tool. */
@Command(
    name = "gauntlet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Benchmarks HTTP servers in containers or processes, across machines, and writes ledgers.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Gauntlet {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command tree, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Gauntlet());
  }
}
