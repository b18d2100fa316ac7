package gauntlet.controller.run;

import gauntlet.controller.report.HostUsage;
import gauntlet.controller.report.TargetSecond;
import gauntlet.controller.report.TargetUsage;
import gauntlet.v1.ResourceSample;
import java.util.ArrayList;
import java.util.List;

/** A target's resource samples, on the controller's clock, reduced to the measured window. */
final class TargetSamples {
  private final ClockEstimate clock;
  private final List<ResourceSample> samples = new ArrayList<>();

  TargetSamples(ClockEstimate clock) {
    this.clock = clock;
  }

  synchronized void add(ResourceSample sample) {
    samples.add(sample);
  }

  /**
   * Mean and peak CPU, peak memory and most processes over samples taken within
   * {@code [fromUnixNanos, toUnixNanos]} (controller clock). A sample covers the second before it,
   * so the first one counted is the first taken a whole interval after the window opened.
   */
  synchronized TargetUsage usage(long fromUnixNanos, long toUnixNanos, long intervalNanos) {
    double cpuSum = 0;
    double cpuPeak = 0;
    long memPeak = 0;
    int processes = 0;
    int counted = 0;
    for (ResourceSample s : samples) {
      if (!within(s, fromUnixNanos, toUnixNanos, intervalNanos)) {
        continue;
      }
      counted++;
      cpuSum += s.getCpuPct();
      cpuPeak = Math.max(cpuPeak, s.getCpuPct());
      memPeak = Math.max(memPeak, s.getMemoryBytes());
      processes = Math.max(processes, s.getProcesses());
    }
    if (counted == 0) {
      return TargetUsage.NONE;
    }
    return new TargetUsage(cpuSum / counted, cpuPeak, memPeak, processes, counted);
  }

  /** The samples {@link #usage} counts, each at its time into the window, for the timeline. */
  synchronized List<TargetSecond> seconds(long fromUnixNanos, long toUnixNanos, long intervalNanos) {
    List<TargetSecond> seconds = new ArrayList<>();
    for (ResourceSample s : samples) {
      if (within(s, fromUnixNanos, toUnixNanos, intervalNanos)) {
        double at = Math.round((clock.toController(s.getUnixNanos()) - fromUnixNanos) / 1e6) / 1e3;
        seconds.add(new TargetSecond(at, s.getCpuPct(), s.getMemoryBytes()));
      }
    }
    return seconds;
  }

  private boolean within(ResourceSample s, long fromUnixNanos, long toUnixNanos, long intervalNanos) {
    long at = clock.toController(s.getUnixNanos());
    return at >= fromUnixNanos + intervalNanos / 2 && at <= toUnixNanos + intervalNanos / 2;
  }

  /** The target host's mean CPU over the same samples as {@link #usage}; NONE where the agent cannot read it. */
  synchronized HostUsage host(long fromUnixNanos, long toUnixNanos, long intervalNanos) {
    double sum = 0;
    int cores = 0;
    int counted = 0;
    for (ResourceSample s : samples) {
      long at = clock.toController(s.getUnixNanos());
      if (at < fromUnixNanos + intervalNanos / 2 || at > toUnixNanos + intervalNanos / 2
          || s.getHostCpuPct() < 0 || s.getHostCores() <= 0) {
        continue;
      }
      counted++;
      sum += s.getHostCpuPct();
      cores = s.getHostCores();
    }
    return counted == 0 ? HostUsage.NONE : new HostUsage(sum / counted, cores, counted);
  }
}
