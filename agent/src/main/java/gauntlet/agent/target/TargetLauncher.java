package gauntlet.agent.target;

/** Starts targets one way (docker containers, child processes). */
public interface TargetLauncher extends AutoCloseable {

  /** The plan's name for this launcher: {@code docker} or {@code process}. */
  String name();

  /**
   * Launches the target and returns once it answers healthy.
   *
   * @throws TargetException with a message naming what to fix, and the target's output tail when
   *     it started but never became healthy, or when {@code cancellation} called the start off;
   *     nothing is left running when this throws
   */
  RunningTarget start(TargetConfig config, TargetLabels labels, StartCancellation cancellation)
      throws TargetException;

  /** Launches a target nobody calls off, e.g. in tests and tools that own it outright. */
  default RunningTarget start(TargetConfig config, TargetLabels labels) throws TargetException {
    return start(config, labels, new StartCancellation());
  }

  /** Releases the launcher's own resources (clients, caches); targets are closed by their owners. */
  @Override
  void close();
}
