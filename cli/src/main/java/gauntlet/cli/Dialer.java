package gauntlet.cli;

import gauntlet.agent.AgentServer;
import gauntlet.core.security.BearerCredentials;
import gauntlet.controller.plan.AgentEndpoint;
import gauntlet.controller.run.AgentConnection;
import gauntlet.controller.run.AgentDialer;
import gauntlet.controller.run.AgentProvisioner;
import gauntlet.controller.run.ProvisionedAgent;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import java.util.function.Supplier;

/**
 * Dials remote agents with the run's credentials, and {@code local} agents by starting one agent
 * inside this process on loopback — reached over real gRPC, the same path a remote agent takes,
 * with that agent's own token.
 */
public final class Dialer implements AgentDialer {
  private final Supplier<AgentServer> localAgentFactory;
  private final ChannelCredentials credentials;
  private final CallCredentials token;
  private final AgentProvisioner provisioner;
  private AgentServer localAgent;

  /**
   * @param localAgentFactory starts the in-process agent, on first use of a {@code local} endpoint
   * @param token bearer token for remote agents, or null
   */
  public Dialer(Supplier<AgentServer> localAgentFactory, ChannelCredentials credentials, CallCredentials token) {
    this(localAgentFactory, credentials, token, AgentProvisioner.NONE);
  }

  /** @param provisioner starts the agents of {@code ssh://} endpoints; closed with this dialer */
  public Dialer(Supplier<AgentServer> localAgentFactory, ChannelCredentials credentials, CallCredentials token,
      AgentProvisioner provisioner) {
    this.localAgentFactory = localAgentFactory;
    this.credentials = credentials;
    this.token = token;
    this.provisioner = provisioner;
  }

  /** Plaintext, no token: for loopback-only runs. */
  public static Dialer plaintext(Supplier<AgentServer> localAgentFactory) {
    return new Dialer(localAgentFactory, InsecureChannelCredentials.create(), null);
  }

  @Override
  public synchronized AgentConnection dial(AgentEndpoint endpoint) {
    if (endpoint.isLocal()) {
      if (localAgent == null) {
        localAgent = localAgentFactory.get();
      }
      // The in-process agent's own token, if it has one (LocalAgent gives it a random one per run).
      CallCredentials localToken = localAgent.settings().security().token().map(BearerCredentials::new).orElse(null);
      return AgentConnection.open(endpoint.name(), "127.0.0.1", localAgent.port(),
          InsecureChannelCredentials.create(), localToken);
    }
    if (endpoint.ssh().isPresent()) {
      // The agent listens on its machine's loopback; the tunnel's end here is plaintext gRPC inside SSH.
      ProvisionedAgent agent = provisioner.provision(endpoint);
      return AgentConnection.open(endpoint.name(), agent.host(), agent.port(), InsecureChannelCredentials.create(),
          agent.token());
    }
    return AgentConnection.open(endpoint.name(), endpoint.host(), endpoint.port(), credentials, token);
  }

  /** The in-process agent, once started. */
  public synchronized java.util.Optional<AgentServer> localAgent() {
    return java.util.Optional.ofNullable(localAgent);
  }

  @Override
  public synchronized void close() {
    provisioner.close();
    if (localAgent != null) {
      localAgent.close();
      localAgent = null;
    }
  }
}
