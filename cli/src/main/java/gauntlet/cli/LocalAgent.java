package gauntlet.cli;

import gauntlet.agent.AgentAssembly;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import java.nio.file.Path;

/** The in-process agent of {@code local} plans and of the demo. */
final class LocalAgent {
  private LocalAgent() {}

  /** Starts the agent and returns once its load engine is compiled, before any target competes for CPU. */
  static AgentServer start(AgentSettings settings) {
    AgentServer agent = AgentAssembly.start(settings);
    agent.awaitJitWarmUp();
    return agent;
  }

  /** Where it keeps its builds and target folders. */
  static Path workDir() {
    return Path.of(System.getProperty("user.home"), ".gauntlet", "agent");
  }
}
