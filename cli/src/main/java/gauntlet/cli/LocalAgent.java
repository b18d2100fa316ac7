package gauntlet.cli;

import gauntlet.agent.AgentAssembly;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.agent.security.AgentSecurity;
import gauntlet.core.security.BearerToken;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The in-process agent of {@code local} plans, of the demo and of {@code gauntlet agents}. It
 * listens on loopback, where any user of the machine could reach it, so it demands a random token
 * made for this run and held in memory only; the controller's {@link gauntlet.controller.run.Dialer}
 * presents it.
 */
final class LocalAgent {
  private LocalAgent() {}

  /** Starts the agent and returns once its load engine is compiled, before any target competes for CPU. */
  static AgentServer start(AgentSettings settings) {
    AgentServer agent = AgentAssembly.start(withRunToken(settings));
    agent.awaitJitWarmUp();
    return agent;
  }

  /** For {@code gauntlet agents}: removes nothing and does not wait for the JIT warm-up (a check sends no load). */
  static AgentServer startForCheck(AgentSettings settings) {
    return AgentAssembly.startForCheck(withRunToken(settings));
  }

  private static AgentSettings withRunToken(AgentSettings settings) {
    BearerToken token = BearerToken.random("the in-process agent's per-run token");
    return settings.withSecurity(new AgentSecurity(Optional.of(token), Optional.empty()));
  }

  /** Where it keeps its builds and target folders. */
  static Path workDir() {
    return Path.of(System.getProperty("user.home"), ".gauntlet", "agent");
  }
}
