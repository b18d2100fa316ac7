package gauntlet.agent.target;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a runtime can be used on this host.
 *
 * @param name node, bun or go
 * @param executable the binary found, if any
 * @param version what the runtime says of its version, empty when not found
 * @param detail where it was found, or what to install when it was not
 */
public record RuntimeStatus(String name, Optional<Path> executable, String version, String detail) {

  public boolean available() {
    return executable.isPresent();
  }

  /** The executable, or a {@link TargetException} telling the user what to install. */
  public Path require() throws TargetException {
    return executable.orElseThrow(() -> new TargetException(detail));
  }
}
