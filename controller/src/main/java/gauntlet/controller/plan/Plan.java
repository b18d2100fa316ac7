package gauntlet.controller.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated benchmark plan.
 *
 * @param name the run's name, used in output folders and reports
 * @param agents every agent by its plan name, in plan order
 * @param tokenFile shared-secret file for agents that require a token
 * @param target what to launch
 * @param load how to load it
 * @param onAgentLoss what to do when an agent is lost mid-cell
 * @param cells the expanded matrix, in run order
 * @param tls how to reach agents over TLS; empty for plaintext gRPC
 */
public record Plan(
    String name,
    Map<String, AgentEndpoint> agents,
    Optional<Path> tokenFile,
    TargetPlan target,
    LoadPlan load,
    AgentLossPolicy onAgentLoss,
    List<Cell> cells,
    Optional<TlsSettings> tls) {

  public Plan {
    agents = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(agents));
    cells = List.copyOf(cells);
  }

  /** A plan whose agents are reached without TLS. */
  public Plan(String name, Map<String, AgentEndpoint> agents, Optional<Path> tokenFile, TargetPlan target,
      LoadPlan load, AgentLossPolicy onAgentLoss, List<Cell> cells) {
    this(name, agents, tokenFile, target, load, onAgentLoss, cells, Optional.empty());
  }

  public AgentEndpoint targetAgent() {
    return agents.get(target.agent());
  }

  public List<AgentEndpoint> loadAgents() {
    return load.agents().stream().map(agents::get).toList();
  }
}
