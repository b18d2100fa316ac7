package gauntlet.controller.run;

import gauntlet.v1.LoadReport;
import gauntlet.v1.LoadStarted;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which socket transport each load agent of a cell ran on, from its {@code LoadStarted}, and the
 * note an agent sent when that was a substitute for the one the plan asked for.
 */
final class LoadTransports {
  private final Map<String, LoadStarted> started = new ConcurrentHashMap<>();

  /** {@code next}, after taking note of the agent's start report. */
  Consumer<LoadReport> watching(String agent, Consumer<LoadReport> next) {
    return report -> {
      if (report.getKindCase() == LoadReport.KindCase.STARTED) {
        started.put(agent, report.getStarted());
      }
      next.accept(report);
    };
  }

  /** The transport {@code agent} ran on (io_uring, epoll, nio); empty when its load never started. */
  String transport(String agent) {
    LoadStarted s = started.get(agent);
    return s == null ? "" : s.getTransport();
  }

  /** "agent: transport io_uring is not available here (...); running on epoll", in {@code agents}' order. */
  List<String> notes(List<String> agents) {
    return agents.stream().filter(a -> started.containsKey(a) && !started.get(a).getTransportNote().isEmpty())
        .map(a -> a + ": " + started.get(a).getTransportNote()).toList();
  }
}
