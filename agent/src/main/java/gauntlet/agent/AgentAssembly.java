package gauntlet.agent;

import gauntlet.agent.target.GoServerBuild;
import gauntlet.agent.target.HostRuntimes;
import gauntlet.agent.target.TargetException;
import gauntlet.agent.target.TargetLauncher;
import gauntlet.agent.target.docker.DockerLauncher;
import gauntlet.agent.target.docker.DockerSettings;
import gauntlet.agent.target.docker.OfflineImages;
import gauntlet.agent.target.process.ProcessLauncher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts an agent together from its settings: finds the runtimes, sets up every launcher that works
 * on this host (cleaning up what agents that died left), and starts the gRPC server.
 */
public final class AgentAssembly {
  private AgentAssembly() {}

  /**
   * An agent that serves runs: before it takes work it removes the containers and process targets
   * of agent instances that are provably gone (never those of live agents, whatever their name).
   */
  public static AgentServer start(AgentSettings settings) {
    return start(settings, true);
  }

  /** An agent for a read-only check ({@code gauntlet agents}): it removes nothing, ever. */
  public static AgentServer startForCheck(AgentSettings settings) {
    return start(settings, false);
  }

  private static AgentServer start(AgentSettings settings, boolean removeLeftovers) {
    HostRuntimes runtimes = HostRuntimes.detect();
    GoServerBuild goBuild = new GoServerBuild(settings.workDir().resolve("cache"), runtimes);
    List<TargetLauncher> available = new ArrayList<>();
    Map<String, String> unavailable = new LinkedHashMap<>();

    try {
      DockerLauncher docker = DockerLauncher.connect(new DockerSettings(settings.name(), settings.workDir().resolve("images"),
          OfflineImages.fromFlag(settings.offlineImages().orElse(null)), settings.allowedImages(), runtimes, goBuild));
      if (removeLeftovers) {
        docker.removeLeftovers();
      }
      available.add(docker);
    } catch (TargetException e) {
      unavailable.put("docker", e.getMessage());
    }

    ProcessLauncher process = new ProcessLauncher(settings.name(), settings.workDir().resolve("targets"), runtimes,
        goBuild);
    if (removeLeftovers) {
      process.removeLeftovers();
    }
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
