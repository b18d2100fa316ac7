package gauntlet.agent.target.docker;

import gauntlet.agent.target.ResourceSample;

/** Reads a running container's CPU, memory and processes; called once a second while load runs. */
interface ContainerMeter extends AutoCloseable {

  /** CPU since the previous call (or since the meter started), memory and processes now. */
  ResourceSample sample();

  /** How this meter reads, for logs: e.g. "cgroup v1 files" or "the engine's stats stream". */
  String source();

  @Override
  void close();
}
