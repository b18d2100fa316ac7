package gauntlet.cli;

import gauntlet.agent.AgentServer;
import gauntlet.core.security.BearerCredentials;
import gauntlet.core.security.BearerToken;
import gauntlet.core.security.ClientTls;
import gauntlet.core.security.SecurityConfigException;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.TlsSettings;
import gauntlet.controller.provision.SshProvisioner;
import gauntlet.controller.run.AgentProvisioner;
import gauntlet.controller.run.PreflightException;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import java.util.function.Supplier;

/**
 * The dialer a plan asks for: its token ({@code auth.token_file}) sent with every call, and TLS
 * ({@code tls:}) toward remote agents; plaintext without either. The in-process {@code local} agent
 * listens on loopback only and is always reached in plaintext.
 */
final class Dialers {
  private Dialers() {}

  /**
   * @throws PreflightException when the token or a TLS file cannot be used, naming it; nothing was
   *     contacted yet
   */
  static Dialer forPlan(Plan plan, Supplier<AgentServer> localAgent, java.io.PrintWriter err) {
    try {
      CallCredentials token = plan.tokenFile()
          .map(file -> (CallCredentials) new BearerCredentials(BearerToken.read(file, "auth.token_file")))
          .orElse(null);
      ChannelCredentials channel = plan.tls().map(Dialers::tls).orElseGet(InsecureChannelCredentials::create);
      boolean ssh = plan.agents().values().stream().anyMatch(e -> e.ssh().isPresent());
      AgentProvisioner provisioner = ssh ? new SshProvisioner(plan.ssh(), line -> {
        err.println("gauntlet: " + line);
        err.flush();
      }) : AgentProvisioner.NONE;
      return new Dialer(localAgent, channel, token, provisioner);
    } catch (SecurityConfigException e) {
      throw new PreflightException(e.getMessage(), e);
    }
  }

  private static ChannelCredentials tls(TlsSettings tls) {
    return ClientTls.credentials(tls.ca(), tls.cert(), tls.key());
  }
}
