package gauntlet.controller.report;

/**
 * How one load agent's requests reached the target.
 *
 * @param agent the load agent
 * @param path {@link #HOST}, {@link #CONTAINER_ADDRESS}, {@link #VIA_DOCKER_PROXY} or {@link #KERNEL_NAT}
 * @param url the URL it loaded
 */
public record LoadPath(String agent, String path, String url) {
  /** The server's port on the host's own network stack: a process, or a container on host networking. */
  public static final String HOST = "host";
  /** A container's own address on docker's bridge, from its host: no proxy, no NAT. */
  public static final String CONTAINER_ADDRESS = "container address";
  /** A published port on loopback, relayed by dockerd's userland proxy outside the container. */
  public static final String VIA_DOCKER_PROXY = "published port via docker-proxy";
  /** A published port reached through the kernel's DNAT (from another machine, or a non-loopback address). */
  public static final String KERNEL_NAT = "published port (kernel DNAT)";

  /** What the path means, for the ledger. */
  public String explained() {
    return switch (path) {
      case HOST -> "the host's own network stack (no bridge, no NAT, no docker-proxy)";
      case CONTAINER_ADDRESS -> "the container's own address on docker's bridge (no docker-proxy, no NAT)";
      case VIA_DOCKER_PROXY -> "through docker-proxy, a process outside the container's quota";
      case KERNEL_NAT -> "through the kernel's NAT to the container";
      default -> path;
    };
  }
}
