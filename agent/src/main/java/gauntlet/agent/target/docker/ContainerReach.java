package gauntlet.agent.target.docker;

import java.util.List;

/**
 * How a started container can be reached from the engine's host, besides its published port.
 *
 * @param containerAddress its address on the bridge network, checked to answer; empty otherwise
 * @param portProxy the docker-proxy relaying its published port; empty when none was found
 * @param warnings what the user should know, e.g. that the container's address did not answer
 */
record ContainerReach(String containerAddress, String portProxy, List<String> warnings) {
  static final ContainerReach HOST_NETWORK = new ContainerReach("", "", List.of());

  ContainerReach {
    warnings = List.copyOf(warnings);
  }
}
