package gauntlet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code gauntlet} in this JVM as a user would, keeping what it printed on stdout and stderr. */
public final class CommandLineUser {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Runs one command; returns its exit code. */
  public int run(String... args) {
    CommandLine cli = Gauntlet.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** Everything printed on stdout so far. */
  public String out() {
    return out.toString();
  }

  /** Everything printed on stderr so far. */
  public String err() {
    return err.toString();
  }
}
