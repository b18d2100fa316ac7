package gauntlet.agent.target;

import java.util.List;

/** A healthy target. Closing it stops it and removes everything it left (container, processes). */
public interface RunningTarget extends AutoCloseable {

  /** Container id or process id. */
  String handle();

  /** Image the container runs; empty for processes. */
  String image();

  /** Effective CPU quota in cores after clamping; 0 when unlimited. */
  double cpus();

  /** Effective memory limit in bytes; 0 when unlimited. */
  long memoryBytes();

  /** Things the user should know about how the limits were applied. */
  List<String> warnings();

  /**
   * A container on a bridge network: its own address, checked to answer from this host, where a
   * load agent on this host reaches the server with neither docker-proxy nor NAT in between.
   * Empty for processes, host networking, or an address that did not answer.
   */
  default String containerAddress() {
    return "";
  }

  /** The docker-proxy process relaying the target's published port on this host; empty when none. */
  default String portProxy() {
    return "";
  }

  /** The runtime's own version string, e.g. {@code v20.20.2}. */
  String runtimeVersion();

  /**
   * Reads CPU (since the previous call, or since start for the first) and memory now. Cheap
   * enough to call once a second while load runs.
   */
  ResourceSample sample();

  /**
   * Why the target no longer serves (its process exited, its container exited or was removed),
   * one sentence; empty while it runs. Checked once a second while a cell loads, so a target that
   * died mid-cell fails its cell with the reason instead of passing as a run of connect errors.
   */
  default java.util.Optional<String> gone() {
    return java.util.Optional.empty();
  }

  /** The last lines the target wrote to stdout / stderr. */
  String outputTail(int lines);

  /** Stops the target and removes what it left. Idempotent. */
  @Override
  void close();
}
