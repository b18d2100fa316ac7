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
 * @param tls TLS toward the agents, when the plan asks for it; empty for plaintext gRPC
 * @param ssh how {@code ssh://} agents are logged in to (defaults when the plan has no {@code ssh:})
 * @param target what to launch
 * @param load how to load it
 * @param onAgentLoss what to do when an agent is lost mid-cell
 * @param cells the expanded matrix, in plan order
 * @param repetitions how many rounds run every cell, and in which order
 * @param expectations what every cell must meet for the run to pass in CI ({@code expect:})
 */
public record Plan(
    String name,
    Map<String, AgentEndpoint> agents,
    Optional<Path> tokenFile,
    Optional<TlsSettings> tls,
    SshSettings ssh,
    TargetPlan target,
    LoadPlan load,
    AgentLossPolicy onAgentLoss,
    List<Cell> cells,
    Repetitions repetitions,
    Expectations expectations) {

  public Plan {
    agents = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(agents));
    cells = List.copyOf(cells);
    java.util.Objects.requireNonNull(repetitions, "repetitions");
    java.util.Objects.requireNonNull(expectations, "expectations");
  }

  /** A plan whose cells run once each, without expectations. */
  public Plan(String name, Map<String, AgentEndpoint> agents, Optional<Path> tokenFile, Optional<TlsSettings> tls,
      SshSettings ssh, TargetPlan target, LoadPlan load, AgentLossPolicy onAgentLoss, List<Cell> cells) {
    this(name, agents, tokenFile, tls, ssh, target, load, onAgentLoss, cells, Repetitions.ONCE, Expectations.NONE);
  }

  /** A plan without expectations. */
  public Plan(String name, Map<String, AgentEndpoint> agents, Optional<Path> tokenFile, Optional<TlsSettings> tls,
      SshSettings ssh, TargetPlan target, LoadPlan load, AgentLossPolicy onAgentLoss, List<Cell> cells,
      Repetitions repetitions) {
    this(name, agents, tokenFile, tls, ssh, target, load, onAgentLoss, cells, repetitions, Expectations.NONE);
  }

  /** The same plan with other repetitions, e.g. from {@code --repeat} or {@code --seed}. */
  public Plan withRepetitions(Repetitions other) {
    return new Plan(name, agents, tokenFile, tls, ssh, target, load, onAgentLoss, cells, other, expectations);
  }

  public AgentEndpoint targetAgent() {
    return agents.get(target.agent());
  }

  /**
   * The host that {@code {target}} stands for: {@code target.address} when the plan sets it (load
   * agents reach the target on another network than the controller does), else the target agent's
   * own address.
   */
  public String targetHost() {
    return target.address().orElseGet(() -> targetAgent().reachableHost());
  }

  public List<AgentEndpoint> loadAgents() {
    return load.agents().stream().map(agents::get).toList();
  }

  /** True when a load agent is the in-process one ({@code local}): the load engine runs in this JVM. */
  public boolean loadsInProcess() {
    return loadAgents().stream().anyMatch(AgentEndpoint::isLocal);
  }
}
