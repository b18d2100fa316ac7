package gauntlet.agent;

import gauntlet.agent.target.GoServerBuild;
import gauntlet.agent.target.HostRuntimes;
import gauntlet.agent.target.TargetLauncher;
import gauntlet.agent.target.process.ProcessLauncher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts an agent together from its settings: finds the runtimes, sets up every launcher that works
 * on this host (cleaning up what a crashed predecessor left), and starts the gRPC server.
 */
public final class AgentAssembly {
  private AgentAssembly() {}

  public static AgentServer start(AgentSettings settings) {
    HostRuntimes runtimes = HostRuntimes.detect();
    GoServerBuild goBuild = new GoServerBuild(settings.workDir().resolve("cache"), runtimes);
    List<TargetLauncher> available = new ArrayList<>();
    Map<String, String> unavailable = new LinkedHashMap<>();

    ProcessLauncher process = new ProcessLauncher(settings.workDir().resolve("targets"), runtimes, goBuild);
    process.removeLeftovers();
    available.add(process);

    String preferred = settings.preferredLauncher().orElse("");
    if (!preferred.isEmpty() && available.stream().noneMatch(l -> l.name().equals(preferred))) {
      available.forEach(TargetLauncher::close);
      throw new IllegalArgumentException("--launcher " + preferred + " is not available here: "
          + unavailable.getOrDefault(preferred, "use docker or process"));
    }
    available.sort((a, b) -> Boolean.compare(!a.name().equals(preferred), !b.name().equals(preferred)));
    return AgentServer.start(settings, new Launchers(available, unavailable), runtimes);
  }
}
