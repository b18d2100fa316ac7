package gauntlet.controller.run;

import gauntlet.controller.plan.AgentEndpoint;

/**
 * Starts agents the controller owns on other machines (e.g. over SSH) and says where to reach
 * them. Closing it stops every agent it started.
 */
public interface AgentProvisioner extends AutoCloseable {

  /**
   * The agent for {@code endpoint}, started on first use and reused afterwards.
   *
   * @throws PreflightException when the machine cannot be reached, logged in to or provisioned, in
   *     one sentence naming it and the fix
   */
  ProvisionedAgent provision(AgentEndpoint endpoint);

  @Override
  void close();

  /** For plans without such agents: naming one is a bug in the caller. */
  AgentProvisioner NONE = new AgentProvisioner() {
    @Override
    public ProvisionedAgent provision(AgentEndpoint endpoint) {
      throw new PreflightException("Agent '" + endpoint.name() + "' at " + endpoint + " needs provisioning, which this"
          + " command does not do; use gauntlet run or gauntlet agents");
    }

    @Override
    public void close() {}
  };
}
