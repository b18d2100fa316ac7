package gauntlet.controller.provision;

import gauntlet.controller.plan.AgentEndpoint;
import gauntlet.controller.plan.SshSettings;
import gauntlet.controller.run.AgentProvisioner;
import gauntlet.controller.run.ProvisionedAgent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts the agents of a plan's {@code ssh://} endpoints, one per machine, from one release, and
 * stops them all on close. An agent whose session ended (a rebooted machine) is started again on
 * the next dial, as a restarted remote agent rejoins a run.
 */
public final class SshProvisioner implements AgentProvisioner {
  private final SshSettings settings;
  private final Consumer<String> report;
  private final Map<String, RemoteAgent> agents = new LinkedHashMap<>();
  private Release release;

  /** @param report where each machine's provisioning is told (upload or reuse, start) */
  public SshProvisioner(SshSettings settings, Consumer<String> report) {
    this.settings = settings;
    this.report = report;
  }

  @Override
  public synchronized ProvisionedAgent provision(AgentEndpoint endpoint) {
    String key = endpoint.toString();
    RemoteAgent agent = agents.get(key);
    if (agent != null && !agent.alive()) {
      agent.close();
      agents.remove(key);
      agent = null;
    }
    if (agent == null) {
      if (release == null) {
        release = Release.locate(settings.release());
      }
      agent = RemoteAgent.start(endpoint, settings, release, report);
      agents.put(key, agent);
    }
    return agent.reach();
  }

  @Override
  public synchronized void close() {
    agents.values().forEach(RemoteAgent::close);
    agents.clear();
  }
}
