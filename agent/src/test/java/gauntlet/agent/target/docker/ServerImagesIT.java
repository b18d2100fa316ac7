package gauntlet.agent.target.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import gauntlet.agent.target.BuiltInServer;
import gauntlet.agent.target.TargetException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** How server images are found, reused and rebuilt on the real engine (which has no registry here). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerImagesIT {
  private final DockerItSupport support = new DockerItSupport();
  private DockerLauncher launcher;
  private DockerClient docker;

  @BeforeAll
  void connect() throws TargetException {
    launcher = support.connect(OfflineImages.TRUE);
    docker = launcher.docker();
  }

  @AfterAll
  void cleanUp() {
    support.cleanUpAndClose(launcher);
  }

  @Test
  void offlineImageIsReusedWhileItsSourcesAreUnchangedAndRebuiltWhenTheyChange() throws TargetException {
    ServerImages images = new ServerImages(docker, support.settings(OfflineImages.TRUE, Set.of()));
    ServerSources original = ServerSources.embedded(BuiltInServer.NODE);

    ServerImage first = images.ensure(original);
    assertThat(first.tag()).isEqualTo(support.imagePrefix + "/node:" + original.hash() + "-offline");
    assertThat(first.offline()).isTrue();
    assertThat(first.runtimeVersion()).isEqualTo(support.runtimes.status("node").version());
    assertThat(labels(first.tag())).containsEntry(ServerImages.LABEL_SOURCE_HASH, original.hash());

    ServerImage again = images.ensure(original);
    assertThat(again.built()).as("the image of unchanged sources is reused").isFalse();
    assertThat(again.id()).isEqualTo(first.id());

    Map<String, byte[]> changedFiles = new LinkedHashMap<>(original.files());
    changedFiles.put("server.js", (new String(original.files().get("server.js"), StandardCharsets.UTF_8)
        + "\n// a changed server\n").getBytes(StandardCharsets.UTF_8));
    ServerSources changed = ServerSources.of(BuiltInServer.NODE, changedFiles);
    assertThat(changed.hash()).isNotEqualTo(original.hash());

    ServerImage rebuilt = images.ensure(changed);
    assertThat(rebuilt.built()).isTrue();
    assertThat(rebuilt.tag()).isEqualTo(support.imagePrefix + "/node:" + changed.hash() + "-offline");
    assertThat(rebuilt.id()).isNotEqualTo(first.id());
    assertThat(labels(rebuilt.tag())).containsEntry(ServerImages.LABEL_SOURCE_HASH, changed.hash());
  }

  @Test
  void anOfflineImageOfAnotherRuntimeBuildIsReplacedUnderItsTag() throws TargetException {
    ServerImages images = new ServerImages(docker, support.settings(OfflineImages.TRUE, Set.of()));
    ServerSources sources = ServerSources.embedded(BuiltInServer.GO);
    String tag = images.offlineTag(sources);
    // An image with the right tag, built by an agent whose Go was different.
    BuildContext stale = new BuildContext().addFile("Dockerfile",
        ("FROM scratch\nLABEL " + ServerImages.LABEL_RUNTIME_FINGERPRINT + "=stale\n").getBytes(StandardCharsets.UTF_8), 0644);
    String staleId = new ImageBuild(docker).build(stale, support.cacheDir, tag, Map.of());

    ServerImage replaced = images.ensure(sources);

    assertThat(replaced.built()).isTrue();
    assertThat(replaced.id()).isNotEqualTo(staleId);
    assertThat(labels(tag)).containsEntry(ServerImages.LABEL_RUNTIME_VERSION, support.runtimes.status("go").version());
    assertThatThrownBy(() -> docker.inspectImageCmd(staleId).exec())
        .as("the superseded image is removed, not left dangling")
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void officialImagesNeedTheirBaseImageAndSayHowToDoWithout() {
    ServerImages images = new ServerImages(docker, support.settings(OfflineImages.FALSE, Set.of()));
    assertThatThrownBy(() -> images.ensure(ServerSources.embedded(BuiltInServer.NODE)))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("node:20-alpine")
        .hasMessageContaining("--offline-images");
  }

  @Test
  void aFailingBuildReportsTheTailOfItsLog() {
    ServerImages images = new ServerImages(docker, support.settings(OfflineImages.FALSE, Set.of()));
    ServerSources broken = ServerSources.of(BuiltInServer.NODE, Map.of(
        "Dockerfile", "FROM scratch\nCOPY no-such-file.js /app/\n".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> images.ensure(broken))
        .isInstanceOfSatisfying(TargetException.class, e -> {
          assertThat(e.getMessage()).startsWith("Building image " + images.officialTag(broken) + " failed");
          assertThat(e.outputTail()).contains("COPY no-such-file.js /app/").contains("no-such-file.js");
        });
  }

  private Map<String, String> labels(String image) {
    InspectImageResponse inspect = docker.inspectImageCmd(image).exec();
    return inspect.getConfig().getLabels();
  }
}
