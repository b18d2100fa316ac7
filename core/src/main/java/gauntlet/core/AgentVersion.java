package gauntlet.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version this build of Gauntlet carries; controllers and agents of different majors refuse each other. */
public final class AgentVersion {
  // Read once: a controller asked for it twice per agent, each a read of the jar's resource, while
  // it connected to a thousand agents.
  private static final String CURRENT = read();

  private AgentVersion() {}

  public static String current() {
    return CURRENT;
  }

  private static String read() {
    try (InputStream in = AgentVersion.class.getResourceAsStream("/gauntlet/version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the version from the jar", e);
    }
  }

  /** The major version: the part before the first dot. */
  public static String major(String version) {
    int dot = version.indexOf('.');
    return dot < 0 ? version : version.substring(0, dot);
  }
}
