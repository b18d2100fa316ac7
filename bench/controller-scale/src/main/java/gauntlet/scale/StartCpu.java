package gauntlet.scale;

import java.util.Map;

/**
 * Where the start's CPU went: each process's CPU seconds from the controller's first contact until
 * every agent had its RunLoad, in all and by thread group (thread names with digits dropped, most
 * first; /proc counts in 10 ms ticks per thread, so short-lived threads may be missing).
 */
record StartCpu(double controllerSeconds, double farmSeconds, Map<String, Double> controllerByThreadGroup,
    Map<String, Double> farmByThreadGroup) {}
