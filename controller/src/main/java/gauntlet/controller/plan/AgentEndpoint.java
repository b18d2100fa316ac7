package gauntlet.controller.plan;

import gauntlet.core.IpLiterals;
import java.util.Optional;

/**
 * Where a plan's agent is: in this process ({@code local}), at {@code host:port}, or on a machine
 * the controller provisions over SSH ({@code ssh://user@host[:port]}).
 *
 * @param name the plan's name for the agent
 * @param host null for the in-process agent; the SSH host for an SSH agent
 * @param port 0 for the in-process agent; the SSH port for an SSH agent
 * @param ssh present when the controller starts the agent itself over SSH
 */
public record AgentEndpoint(String name, String host, int port, Optional<SshAddress> ssh) {
  public static final String LOCAL = "local";

  public AgentEndpoint(String name, String host, int port) {
    this(name, host, port, Optional.empty());
  }

  public static AgentEndpoint local(String name) {
    return new AgentEndpoint(name, null, 0);
  }

  public static AgentEndpoint ssh(String name, SshAddress address) {
    return new AgentEndpoint(name, address.host(), address.port(), Optional.of(address));
  }

  public boolean isLocal() {
    return host == null;
  }

  /** The host load agents use for {@code {target}} when this agent runs the target. */
  public String reachableHost() {
    return isLocal() ? "127.0.0.1" : host;
  }

  @Override
  public String toString() {
    if (isLocal()) {
      return LOCAL;
    }
    return ssh.map(SshAddress::toString).orElseGet(() -> IpLiterals.hostPort(host, port));
  }
}
