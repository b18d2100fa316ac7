package gauntlet.agent;

import gauntlet.agent.target.TargetException;
import gauntlet.agent.target.TargetLauncher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The target launchers that work on this agent, and which one a request gets by default. */
public final class Launchers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Launchers.class);

  private final Map<String, TargetLauncher> byName = new LinkedHashMap<>();
  private final String defaultName;
  private final Map<String, String> unavailable;

  /**
   * @param launchers in order of preference; the first is the default
   * @param unavailable launcher name -> why it cannot be used here, for error messages
   */
  public Launchers(List<TargetLauncher> launchers, Map<String, String> unavailable) {
    for (TargetLauncher launcher : launchers) {
      byName.put(launcher.name(), launcher);
    }
    this.defaultName = launchers.isEmpty() ? "" : launchers.get(0).name();
    this.unavailable = Map.copyOf(unavailable);
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** Launchers that cannot be used here, with the reason. */
  public Map<String, String> unavailable() {
    return unavailable;
  }

  public String defaultName() {
    return defaultName;
  }

  /** The launcher for a request; empty asks for the default. */
  public TargetLauncher pick(String requested) throws TargetException {
    String name = requested == null || requested.isBlank() ? defaultName : requested;
    TargetLauncher launcher = byName.get(name);
    if (launcher != null) {
      return launcher;
    }
    if (unavailable.containsKey(name)) {
      throw new TargetException("Launcher '" + name + "' is not available on this agent: " + unavailable.get(name));
    }
    throw new TargetException("Unknown launcher '" + name + "'; this agent offers " + String.join(", ", names()));
  }

  @Override
  public void close() {
    for (TargetLauncher launcher : byName.values()) {
      try {
        launcher.close();
      } catch (RuntimeException e) {
        log.warn("Could not close the {} launcher: {}", launcher.name(), e.toString());
      }
    }
  }
}
