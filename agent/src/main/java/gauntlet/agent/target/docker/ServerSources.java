package gauntlet.agent.target.docker;

import gauntlet.agent.target.BuiltInServer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The sources an image is built from: a built-in server's files and the hash its image tags carry.
 * Kept apart from {@link BuiltInServer} so that a changed server (a new agent jar) yields a new tag.
 *
 * @param server which built-in server these sources are (decides the runtime and commands)
 * @param files every file by name, in a stable order
 * @param hash short hash of every file name and content
 */
record ServerSources(BuiltInServer server, Map<String, byte[]> files, String hash) {

  public ServerSources {
    Objects.requireNonNull(server, "server");
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    Objects.requireNonNull(hash, "hash");
  }

  /** The sources embedded in the agent jar. */
  public static ServerSources embedded(BuiltInServer server) {
    return new ServerSources(server, server.files(), server.sourceHash());
  }

  /** Sources given explicitly, hashed the same way as the embedded ones. */
  public static ServerSources of(BuiltInServer server, Map<String, byte[]> files) {
    return new ServerSources(server, files, hashOf(files));
  }

  /** The server's Dockerfile (official images), as text. */
  public String dockerfile() {
    byte[] dockerfile = files.get("Dockerfile");
    if (dockerfile == null) {
      throw new IllegalStateException("The " + server.runtime() + " server sources lack a Dockerfile");
    }
    return new String(dockerfile, StandardCharsets.UTF_8);
  }

  /** The hash {@link BuiltInServer#sourceHash()} gives, so embedded sources hash alike. */
  static String hashOf(Map<String, byte[]> files) {
    return BuiltInServer.hash(files);
  }
}
