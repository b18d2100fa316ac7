package gauntlet.agent.target.docker;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.agent.target.BuiltInServer;
import org.junit.jupiter.api.Test;

class BaseImagesTest {

  @Test
  void theServersDockerfilesStartFromTheOfficialImages() {
    assertThat(BaseImages.of(ServerSources.embedded(BuiltInServer.NODE).dockerfile())).containsExactly("node:20-alpine");
    assertThat(BaseImages.of(ServerSources.embedded(BuiltInServer.BUN).dockerfile())).containsExactly("oven/bun:1-alpine");
    assertThat(BaseImages.of(ServerSources.embedded(BuiltInServer.GO).dockerfile()))
        .as("scratch and the build stage are no images to pull").containsExactly("golang:1.22-alpine");
  }

  @Test
  void platformFlagsAndStageReferencesAreSkipped() {
    String dockerfile = """
        FROM --platform=linux/amd64 golang:1.22 AS build
        RUN true
        FROM build AS test
        from alpine:3.20
        """;
    assertThat(BaseImages.of(dockerfile)).containsExactly("golang:1.22", "alpine:3.20");
  }

  @Test
  void aRegistryPortIsNotATag() {
    assertThat(BaseImages.repositoryAndTag("localhost:5000/team/app")).containsExactly("localhost:5000/team/app", "latest");
    assertThat(BaseImages.repositoryAndTag("localhost:5000/team/app:2")).containsExactly("localhost:5000/team/app", "2");
    assertThat(BaseImages.repositoryAndTag("node:20-alpine")).containsExactly("node", "20-alpine");
  }
}
