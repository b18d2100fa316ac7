package gauntlet.controller.plan;

import gauntlet.core.IpLiterals;

/**
 * Where a plan's agent is: in this process ({@code local}) or at {@code host:port}.
 *
 * @param name the plan's name for the agent
 * @param host null for the in-process agent
 * @param port 0 for the in-process agent
 */
public record AgentEndpoint(String name, String host, int port) {
  public static final String LOCAL = "local";

  public static AgentEndpoint local(String name) {
    return new AgentEndpoint(name, null, 0);
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
    return isLocal() ? LOCAL : IpLiterals.hostPort(host, port);
  }
}
