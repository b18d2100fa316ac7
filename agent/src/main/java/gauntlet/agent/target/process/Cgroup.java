package gauntlet.agent.target.process;

import java.util.List;

/**
 * A control group holding one target's processes: it applies the CPU quota and memory limit, tells
 * what the processes used, and finds every one of them when the target stops, however they forked.
 */
interface Cgroup {

  /** The command, wrapped so that the process joins this group before it execs. */
  List<String> wrap(List<String> command);

  /** CPU time used by every process of the group since it was made, in nanoseconds. */
  long cpuNanos();

  /** Memory in use, without the reclaimable page cache (as docker stats shows it). */
  long memoryBytes();

  /** Processes in the group now. */
  List<Long> pids();

  /** Removes the group; its processes must be gone. Best effort, idempotent. */
  void remove();

  /** The group's folders (one per hierarchy with cgroup v1), for the target's record. */
  List<java.nio.file.Path> directories();

  /** A one-line description of the limits, for logs. */
  String describe();
}
