package gauntlet.controller.report;

/** An agent as it described itself at the start of the run. */
public record AgentSummary(
    String name, String address, String version, String hostname, int cores, long memoryBytes,
    String os, double clockOffsetMs, double clockRttMs) {}
