package gauntlet.agent.target.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import gauntlet.agent.target.AgentInstance;
import gauntlet.agent.target.GoServerBuild;
import gauntlet.agent.target.HostRuntimes;
import gauntlet.agent.target.NetworkMode;
import gauntlet.agent.target.TargetConfig;
import gauntlet.agent.target.TargetException;
import gauntlet.agent.target.TargetLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What the docker integration tests share: a private agent name and image namespace per test
 * class, so that clean-up removes exactly what the tests made, and free loopback ports.
 */
final class DockerItSupport {
  static final long MIB = 1024L * 1024L;
  static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(90);

  final String agentName = "it-agent-" + UUID.randomUUID().toString().substring(0, 8);
  final String imagePrefix = "gauntlet-it-" + UUID.randomUUID().toString().substring(0, 8);
  final Path cacheDir;
  final HostRuntimes runtimes = HostRuntimes.detect();
  final GoServerBuild goBuild;

  DockerItSupport() {
    try {
      // Under the module's build folder, not /tmp: the Go build cache makes later runs fast.
      Files.createDirectories(Path.of("target"));
      cacheDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "docker-it-");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create the test cache folder under target/", e);
    }
    goBuild = new GoServerBuild(Path.of("target", "docker-it-go-cache").toAbsolutePath(), runtimes);
  }

  DockerSettings settings(OfflineImages offline, Set<String> allowedImages) {
    return new DockerSettings(agentName, cacheDir, offline, allowedImages, runtimes, goBuild, imagePrefix);
  }

  /** This test's agent instance: the test JVM, alive throughout. */
  final AgentInstance instance = AgentInstance.create();

  TargetLabels labels(String cell) {
    return labels(cell, instance);
  }

  TargetLabels labels(String cell, AgentInstance owner) {
    return new TargetLabels("it-run-" + agentName, "it-session", agentName, cell, owner);
  }

  static TargetConfig config(String runtime, double cpus, long memoryBytes, boolean cluster, int port) {
    return new TargetConfig(runtime, cpus, memoryBytes, cluster, port, NetworkMode.BRIDGE, "127.0.0.1", "/json",
        HEALTH_TIMEOUT);
  }

  /** A loopback port nobody listens on right now. */
  static int freePort() {
    return gauntlet.agent.target.ServerPorts.freeLoopbackPort();
  }

  List<Container> containersOfThisAgent(DockerClient docker) {
    return docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(TargetLabels.AGENT, agentName)).exec();
  }

  List<Image> imagesOfThisTest(DockerClient docker) {
    return docker.listImagesCmd().withShowAll(true).exec().stream()
        .filter(image -> image.getRepoTags() != null
            && Stream.of(image.getRepoTags()).anyMatch(tag -> tag.startsWith(imagePrefix + "/")))
        .toList();
  }

  /**
   * Removes every container and image the tests made, then checks none is left; deletes the
   * staging folder.
   */
  /** A launcher for this agent on the real engine. */
  DockerLauncher connect(OfflineImages offline) throws TargetException {
    return DockerLauncher.connect(settings(offline, Set.of()));
  }

  /** Removes what this agent left on the engine, then closes the launcher. */
  void cleanUpAndClose(DockerLauncher launcher) {
    try {
      cleanUp(launcher.docker());
    } finally {
      launcher.close();
    }
  }

  void cleanUp(DockerClient docker) {
    for (Container container : containersOfThisAgent(docker)) {
      docker.removeContainerCmd(container.getId()).withForce(true).exec();
    }
    removeImagesOfThisTest(docker);
    assertThat(containersOfThisAgent(docker)).as("containers left by the tests").isEmpty();
    assertThat(imagesOfThisTest(docker)).as("images left by the tests").isEmpty();
    deleteTree(cacheDir);
  }

  /**
   * Removes this test's images, children before the images they are built on (an image built
   * FROM another one makes that one undeletable until it goes); each pass removes at least one.
   */
  private void removeImagesOfThisTest(DockerClient docker) {
    List<Image> left = imagesOfThisTest(docker);
    while (!left.isEmpty()) {
      ConflictException conflict = null;
      for (Image image : left) {
        try {
          docker.removeImageCmd(image.getId()).withForce(true).exec();
        } catch (NotFoundException removedAlready) {
          // Went with an image removed before it in this pass.
        } catch (ConflictException childStillThere) {
          conflict = childStillThere;
        }
      }
      List<Image> now = imagesOfThisTest(docker);
      if (conflict != null && now.size() >= left.size()) {
        throw conflict;
      }
      left = now;
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot delete " + dir, e);
    }
  }
}
