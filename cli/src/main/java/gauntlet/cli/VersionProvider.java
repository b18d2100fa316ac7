package gauntlet.cli;

import gauntlet.core.AgentVersion;
import picocli.CommandLine.IVersionProvider;

/** Prints the version baked into the agent jar at build time. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"gauntlet " + AgentVersion.current()};
  }
}
