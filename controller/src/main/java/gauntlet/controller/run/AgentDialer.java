package gauntlet.controller.run;

import gauntlet.controller.plan.AgentEndpoint;

/** Opens connections to agents: remote ones by address, {@code local} ones in this process. */
public interface AgentDialer extends AutoCloseable {

  /** A channel to the agent; nothing is sent yet. */
  AgentConnection dial(AgentEndpoint endpoint);

  /** Stops any in-process agent. */
  @Override
  void close();
}
