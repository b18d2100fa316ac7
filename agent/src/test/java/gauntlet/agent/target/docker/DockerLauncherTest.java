package gauntlet.agent.target.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.agent.target.GoServerBuild;
import gauntlet.agent.target.HostRuntimes;
import gauntlet.agent.target.TargetException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerLauncherTest {

  @Test
  void noEngineAtTheSocketSaysWhereItLookedAndSuggestsTheProcessLauncher(@TempDir Path dir) {
    HostRuntimes runtimes = HostRuntimes.detect();
    DockerSettings settings = new DockerSettings("agent-a", dir, OfflineImages.AUTO, Set.of(), runtimes,
        new GoServerBuild(dir, runtimes));
    URI nowhere = URI.create("unix://" + dir.resolve("no-docker.sock"));

    assertThatThrownBy(() -> DockerLauncher.connect(settings, nowhere))
        .isInstanceOf(TargetException.class)
        .hasMessage("No Docker engine answers at " + nowhere + " (DOCKER_HOST): start dockerd, or use launcher: process");
  }

  @Test
  void healthIsPolledOnLoopbackWhenTheServerListensEverywhere() {
    assertThat(DockerLauncher.urlHost("0.0.0.0")).isEqualTo("127.0.0.1");
    assertThat(DockerLauncher.urlHost("::")).isEqualTo("[::1]");
    assertThat(DockerLauncher.urlHost("::1")).isEqualTo("[::1]");
    assertThat(DockerLauncher.urlHost("127.0.0.1")).isEqualTo("127.0.0.1");
  }
}
