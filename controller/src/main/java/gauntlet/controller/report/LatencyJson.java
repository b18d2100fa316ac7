package gauntlet.controller.report;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code latency_ms} object shared by results.json and {@code gauntlet load --json}. */
public final class LatencyJson {
  private LatencyJson() {}

  public static void put(ObjectNode into, String field, LatencySummary latency) {
    into.putObject(field)
        .put("mean", round(latency.meanMs()))
        .put("p50", round(latency.p50Ms()))
        .put("p90", round(latency.p90Ms()))
        .put("p99", round(latency.p99Ms()))
        .put("p999", round(latency.p999Ms()))
        .put("max", round(latency.maxMs()));
  }

  /** Microsecond precision is all a histogram of microseconds holds. */
  public static double round(double millis) {
    return Math.round(millis * 1000) / 1000.0;
  }
}
