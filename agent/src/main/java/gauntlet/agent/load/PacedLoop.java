package gauntlet.agent.load;

/** What the {@link Pacer} needs of an event loop: when its requests fall due, and a way to wake it. */
interface PacedLoop {
  DueTimes dueTimes();

  /** Called by the pacing thread when a request is due; must not block. */
  void wakeForDueRequests();
}
