package gauntlet.agent;

import gauntlet.agent.target.HostRuntimes;
import java.util.List;
import java.util.Map;

/** Puts an agent together from its settings: runtimes, launchers, load engine, gRPC server. */
public final class AgentAssembly {
  private AgentAssembly() {}

  public static AgentServer start(AgentSettings settings) {
    HostRuntimes runtimes = HostRuntimes.detect();
    // PENDING-MERGE: process and docker launchers arrive from their branches.
    Launchers launchers = new Launchers(List.of(), Map.of());
    return AgentServer.start(settings, launchers, runtimes);
  }
}
