package gauntlet.agent.target.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import gauntlet.agent.target.ResourceSample;
import gauntlet.agent.target.RunningTarget;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A healthy server container. Closing it stops and removes the container. */
final class DockerTarget implements RunningTarget {
  private static final Logger LOG = LoggerFactory.getLogger(DockerTarget.class);
  /**
   * Seconds the server gets to exit on SIGTERM before the engine kills it. Short: a benchmark
   * target has nothing to save, and a single Node server as PID 1 ignores SIGTERM altogether.
   */
  static final int STOP_GRACE_SECONDS = 1;

  private final DockerClient docker;
  private final String containerId;
  private final ContainerSpec spec;
  private final String runtimeVersion;
  private final ContainerMeter meter;
  private final ContainerReach reach;
  private final AtomicBoolean closed = new AtomicBoolean();

  DockerTarget(DockerClient docker, String containerId, ContainerSpec spec, String runtimeVersion,
      ContainerMeter meter, ContainerReach reach) {
    this.docker = docker;
    this.containerId = containerId;
    this.spec = spec;
    this.runtimeVersion = runtimeVersion;
    this.meter = meter;
    this.reach = reach;
  }

  @Override
  public String handle() {
    return containerId;
  }

  /** The container's name, e.g. {@code gauntlet-r1-node-1cpu-3f9a1c}. */
  String name() {
    return spec.name();
  }

  /** How {@link #sample()} reads, e.g. "cgroup v1 files". */
  String meterSource() {
    return meter.source();
  }

  @Override
  public String image() {
    return spec.image();
  }

  @Override
  public double cpus() {
    return spec.cpus();
  }

  @Override
  public long memoryBytes() {
    return spec.memoryBytes();
  }

  @Override
  public List<String> warnings() {
    List<String> all = new java.util.ArrayList<>(spec.warnings());
    all.addAll(reach.warnings());
    return List.copyOf(all);
  }

  @Override
  public String containerAddress() {
    return reach.containerAddress();
  }

  @Override
  public String portProxy() {
    return reach.portProxy();
  }

  @Override
  public String runtimeVersion() {
    return runtimeVersion;
  }

  @Override
  public ResourceSample sample() {
    return meter.sample();
  }

  @Override
  public java.util.Optional<String> gone() {
    if (closed.get()) {
      return java.util.Optional.empty();
    }
    try {
      var state = docker.inspectContainerCmd(containerId).exec().getState();
      if (state == null || Boolean.TRUE.equals(state.getRunning())) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of("the container " + spec.name() + " exited with code " + state.getExitCodeLong()
          + (Boolean.TRUE.equals(state.getOOMKilled()) ? " (killed for using more than its memory limit)" : ""));
    } catch (NotFoundException e) {
      return java.util.Optional.of("the container " + spec.name() + " was removed");
    }
  }

  @Override
  public String outputTail(int lines) {
    return ContainerLogs.tail(docker, containerId, lines);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    meter.close();
    remove(docker, containerId, spec.name(), STOP_GRACE_SECONDS);
    LOG.info("Removed container {} in {} ms", spec.name(), (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Stops a container (SIGTERM, then SIGKILL after {@code graceSeconds}; 0 kills at once) and
   * force-removes it; a container already gone is fine.
   */
  static void remove(DockerClient docker, String containerId, String name, int graceSeconds) {
    if (graceSeconds > 0) {
      try {
        docker.stopContainerCmd(containerId).withTimeout(graceSeconds).exec();
      } catch (NotModifiedException | NotFoundException alreadyStoppedOrGone) {
        // Nothing to stop.
      } catch (DockerException e) {
        LOG.debug("Stopping container {} failed, removing it by force: {}", name, e.getMessage());
      }
    }
    try {
      docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException alreadyGone) {
      // Removed already (by a lease expiry, or by hand).
    } catch (DockerException e) {
      LOG.warn("Cannot remove container {} ({}): {}; remove it with: docker rm -f {}",
          name, containerId, e.getMessage(), containerId);
    }
  }
}
