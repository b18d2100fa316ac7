package gauntlet.cli;

import gauntlet.agent.security.StarterCertificates;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gauntlet certs}: TLS certificates for agents and controllers. */
@Command(name = "certs", mixinStandardHelpOptions = true,
    description = "Makes TLS certificates for agents and the controller (see docs/security.md).",
    subcommands = CertsCommand.Init.class)
final class CertsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Failures.BAD_INPUT;
  }

  /** {@code gauntlet certs init DIR}: a CA, an agent certificate and a controller certificate. */
  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Makes a CA, a certificate for the agents and one for the controller (mutual TLS) in DIR.")
  static final class Init implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder for the files (created if missing).")
    Path directory;

    @Option(names = "--agent-host", paramLabel = "HOST",
        description = "A name or address controllers use to reach an agent (repeatable); localhost and 127.0.0.1 "
            + "are always included.")
    List<String> agentHosts = List.of();

    @Option(names = "--days", defaultValue = "825", description = "Validity in days (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--force", description = "Replace the files of an earlier setup in DIR.")
    boolean force;

    @Override
    public Integer call() {
      List<Path> files = new StarterCertificates().create(directory, agentHosts, Duration.ofDays(days), force);
      PrintWriter out = spec.commandLine().getOut();
      out.println("Wrote " + files.size() + " files to " + directory.toAbsolutePath() + ":");
      for (Path file : files) {
        out.println("  " + file.getFileName());
      }
      Path dir = directory;
      out.println("On each agent (copy " + StarterCertificates.CA + ", " + StarterCertificates.AGENT + " and "
          + StarterCertificates.AGENT_KEY + " there):");
      out.println("  gauntlet agent --listen 0.0.0.0:7070 --tls-cert " + dir.resolve(StarterCertificates.AGENT)
          + " --tls-key " + dir.resolve(StarterCertificates.AGENT_KEY) + " --tls-client-ca "
          + dir.resolve(StarterCertificates.CA));
      out.println("In the plan:");
      out.println("  tls: {ca: " + dir.resolve(StarterCertificates.CA) + ", cert: "
          + dir.resolve(StarterCertificates.CONTROLLER) + ", key: " + dir.resolve(StarterCertificates.CONTROLLER_KEY) + "}");
      out.println("Keep " + StarterCertificates.CA_KEY + " safe: it signs certificates, and no agent or controller needs it.");
      out.flush();
      return 0;
    }
  }
}
