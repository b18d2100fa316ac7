package gauntlet.scale;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one controller-scale run.
 *
 * @param mergeCpuCores controller process CPU seconds per wall second over the measured window
 *     (every controller thread: gRPC I/O, merge, heartbeats, progress), 1.0 = one core
 * @param cpuAfterWindowSeconds controller CPU from the window's end until it exited: the last
 *     report burst, the cell's results, ledger and .hlog, the JVM's exit
 * @param cpuToStartSeconds controller CPU from its launch until every agent had its RunLoad
 * @param startCpu both processes' CPU from the first contact until every agent had its RunLoad
 * @param describes Describe calls the agents answered (none when sessions say who each agent is)
 * @param offsetsSeconds first contact (a Describe or a session's opening) to the last clock probe:
 *     connecting and measuring every clock
 * @param scheduleSeconds first contact to the last RunLoad received: every agent knows the agreed instant
 * @param dispatchSeconds first RunLoad to the last
 * @param marginMillis agreed instant minus the last RunLoad's arrival; negative: agents were told too late
 * @param skewMillis each agent's actual start minus the instant it was asked for, true clock
 * @param controllerSkewMillis start_skew_ms as the controller recorded it in results.json
 * @param offsetErrorMillis the controller's clock offset estimate minus the agent's true offset
 * @param problems every exactness check that failed; empty when merged counts equal what was sent
 */
record ScaleReport(
    int agents,
    int seconds,
    int controllerExit,
    double mergeCpuCores,
    double windowSeconds,
    double cpuAfterWindowSeconds,
    Map<String, Double> cpuByThreadGroup,
    long rssBytes,
    long peakRssBytes,
    long heapUsedBytes,
    int controllerThreads,
    Map<String, Integer> threadsByGroup,
    double cpuToStartSeconds,
    double farmCpuToStartSeconds,
    StartCpu startCpu,
    long describes,
    double offsetsSeconds,
    long clockProbes,
    double sessionsSeconds,
    double scheduleSeconds,
    double dispatchSeconds,
    double marginMillis,
    List<Double> skewMillis,
    List<Double> controllerSkewMillis,
    List<Double> offsetErrorMillis,
    long requestsSent,
    long requestsMerged,
    long intervalsSent,
    double meanHistogramBytes,
    List<String> problems) {

  /** The largest thread groups' CPU seconds, and what threads gone by the end (or under a tick each) spent. */
  private static String topGroups(Map<String, Double> groups, double total) {
    StringBuilder s = new StringBuilder();
    groups.entrySet().stream().limit(5).forEach(e -> s.append(String.format(Locale.ROOT, "%s %.2f, ", e.getKey().strip(),
        e.getValue())));
    double rest = total - groups.values().stream().mapToDouble(Double::doubleValue).sum();
    return s.append(String.format(Locale.ROOT, "other/exited %.2f s", Math.max(0, rest))).toString();
  }

  boolean exact() {
    return problems.isEmpty();
  }

  String render() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "controller-scale: %d simulated load agents, %d s measured, controller exit %d%n",
        agents, seconds, controllerExit));
    s.append(String.format(Locale.ROOT, "  merge CPU        %.1f %% of a core (%.2f s window, all controller threads)%n",
        mergeCpuCores * 100, windowSeconds));
    double jit = cpuByThreadGroup.entrySet().stream().filter(e -> e.getKey().startsWith("C# Compiler"))
        .mapToDouble(Map.Entry::getValue).sum();
    s.append(String.format(Locale.ROOT, "  merge CPU w/o JIT %.1f %% of a core (less the JIT compiler threads)%n",
        (mergeCpuCores * windowSeconds - jit) / windowSeconds * 100));
    cpuByThreadGroup.entrySet().stream().filter(e -> e.getValue() / windowSeconds >= 0.002).limit(12)
        .forEach(e -> s.append(String.format(Locale.ROOT, "    %-18s %5.1f %%  (%d threads)%n", e.getKey(),
            e.getValue() / windowSeconds * 100, threadsByGroup.getOrDefault(e.getKey(), 0))));
    s.append(String.format(Locale.ROOT, "  after the window %.2f s of CPU until the controller exited (the last burst, results,"
        + " ledger, .hlog, JVM exit)%n", cpuAfterWindowSeconds));
    s.append(String.format(Locale.ROOT, "  memory           RSS %.0f MiB (peak %.0f MiB), heap used %.0f MiB, %d threads"
        + " (most: %s)%n", rssBytes / 1048576.0, peakRssBytes / 1048576.0, heapUsedBytes / 1048576.0, controllerThreads,
        threadsByGroup.entrySet().stream().limit(3).map(e -> e.getKey() + " " + e.getValue()).toList()));
    s.append(String.format(Locale.ROOT, "  clocks measured  %.2f s after the first contact, %,d probes (sessions open at %.2f s,"
        + " %,d Describe calls)%n", offsetsSeconds, clockProbes, sessionsSeconds, describes));
    s.append(String.format(Locale.ROOT, "  start scheduled  %.2f s after the first contact (RunLoad dispatch %.0f ms, "
        + "margin left %.0f ms)%n", scheduleSeconds, dispatchSeconds * 1000, marginMillis));
    s.append(String.format(Locale.ROOT, "  CPU to start     controller %.1f s (JVM start included), simulated agents %.1f s%n",
        cpuToStartSeconds, farmCpuToStartSeconds));
    int cores = Runtime.getRuntime().availableProcessors();
    s.append(String.format(Locale.ROOT, "    from contact   controller %.2f s, simulated agents %.2f s of CPU in the %.2f s to the start"
        + " (%.0f %% of %d cores)%n", startCpu.controllerSeconds(), startCpu.farmSeconds(), scheduleSeconds,
        100 * (startCpu.controllerSeconds() + startCpu.farmSeconds()) / (scheduleSeconds * cores), cores));
    s.append("      controller   " + topGroups(startCpu.controllerByThreadGroup(), startCpu.controllerSeconds()) + "\n");
    s.append("      agents       " + topGroups(startCpu.farmByThreadGroup(), startCpu.farmSeconds()) + "\n");
    s.append("  start skew       " + spread(skewMillis) + " (actual start - agreed instant, true clock)\n");
    s.append("  recorded skew    " + spread(controllerSkewMillis) + " (results.json start_skew_ms)\n");
    s.append("  offset error     " + spread(offsetErrorMillis) + " (estimated - true clock offset)\n");
    s.append(String.format(Locale.ROOT, "  merged counts    %s: %,d requests merged, %,d sent in %,d intervals "
        + "(%.0f B histograms)%n", exact() ? "EXACT" : "WRONG", requestsMerged, requestsSent, intervalsSent,
        meanHistogramBytes));
    problems.forEach(p -> s.append("    ").append(p).append('\n'));
    s.append("  ").append(ScaleGoals.of(this).verdict()).append('\n');
    return s.toString();
  }

  static String spread(List<Double> millis) {
    if (millis.isEmpty()) {
      return "n/a";
    }
    List<Double> sorted = millis.stream().sorted().toList();
    return String.format(Locale.ROOT, "min %.2f  median %.2f  p99 %.2f  max %.2f ms (spread %.2f ms)",
        sorted.get(0), sorted.get(sorted.size() / 2), sorted.get((int) Math.min(sorted.size() - 1,
            Math.ceil(sorted.size() * 0.99) - 1)), sorted.get(sorted.size() - 1),
        sorted.get(sorted.size() - 1) - sorted.get(0));
  }

  static double maxAbs(List<Double> millis) {
    return millis.stream().mapToDouble(Math::abs).max().orElse(0);
  }
}
