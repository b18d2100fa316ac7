package gauntlet.agent.target.docker;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.agent.target.BuiltInServer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSourcesTest {

  @Test
  void embeddedSourcesCarryTheServersOwnHash() {
    for (BuiltInServer server : BuiltInServer.values()) {
      ServerSources sources = ServerSources.embedded(server);
      assertThat(sources.hash()).isEqualTo(server.sourceHash());
      assertThat(ServerSources.of(server, sources.files()).hash()).as("same files, same hash").isEqualTo(sources.hash());
    }
  }

  @Test
  void anyChangedByteChangesTheHash() {
    ServerSources original = ServerSources.embedded(BuiltInServer.BUN);
    Map<String, byte[]> files = new LinkedHashMap<>(original.files());
    files.put("server.js", (new String(files.get("server.js"), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8));
    assertThat(ServerSources.of(BuiltInServer.BUN, files).hash()).isNotEqualTo(original.hash()).hasSize(12);
  }
}
