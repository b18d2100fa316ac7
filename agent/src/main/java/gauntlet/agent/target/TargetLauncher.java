package gauntlet.agent.target;

/** Starts targets one way (docker containers, child processes). */
public interface TargetLauncher extends AutoCloseable {

  /** The plan's name for this launcher: {@code docker} or {@code process}. */
  String name();

  /**
   * Launches the target and returns once it answers healthy.
   *
   * @throws TargetException with a message naming what to fix, and the target's output tail when
   *     it started but never became healthy; nothing is left running when this throws
   */
  RunningTarget start(TargetConfig config, TargetLabels labels) throws TargetException;

  /** Releases the launcher's own resources (clients, caches); targets are closed by their owners. */
  @Override
  void close();
}
