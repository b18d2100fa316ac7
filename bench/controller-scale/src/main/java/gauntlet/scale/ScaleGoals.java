package gauntlet.scale;

import java.util.Locale;

/**
 * Issue 16's goals for a controller holding a thousand agents, and whether one run met them: the
 * whole controller process at most 5 % of a core over the measured window (every thread: the merge
 * and all it needs, heartbeats and JIT included), every agent told the agreed instant within 2 s of
 * the first contact, and merged counts equal to what was sent. The goals are stated for 1,000 agents
 * at one interval a second; a smaller run is judged too, and says that it is smaller.
 */
record ScaleGoals(int agents, double controllerCores, double scheduleSeconds, boolean exact) {
  static final int AGENTS = 1000;
  static final double MAX_CONTROLLER_CORES = 0.05;
  static final double MAX_SCHEDULE_SECONDS = 2.0;

  static ScaleGoals of(ScaleReport report) {
    return new ScaleGoals(report.agents(), report.mergeCpuCores(), report.scheduleSeconds(), report.exact());
  }

  boolean cpuMet() {
    return controllerCores <= MAX_CONTROLLER_CORES;
  }

  boolean scheduleMet() {
    return scheduleSeconds <= MAX_SCHEDULE_SECONDS;
  }

  boolean met() {
    return cpuMet() && scheduleMet() && exact;
  }

  /** One line, e.g. "goals: controller CPU <= 5 % of a core met (4.5 %), ...: all met". */
  String verdict() {
    String scope = agents == AGENTS ? "" : String.format(Locale.ROOT,
        " (stated for %,d agents; this run had %,d)", AGENTS, agents);
    return String.format(Locale.ROOT,
        "goals%s: controller CPU <= %.0f %% of a core %s (%.1f %%), start scheduled <= %.0f s %s (%.2f s),"
            + " merged counts exact %s: %s",
        scope, MAX_CONTROLLER_CORES * 100, word(cpuMet()), controllerCores * 100, MAX_SCHEDULE_SECONDS,
        word(scheduleMet()), scheduleSeconds, word(exact), met() ? "all met" : "missed");
  }

  private static String word(boolean met) {
    return met ? "met" : "MISSED";
  }
}
