package gauntlet.controller.run;

import gauntlet.controller.plan.Cell;
import gauntlet.controller.report.NetworkProbeResult;
import java.util.List;

/** Measures each load agent's path to the target host before a cell's load. */
public interface NetworkCheck {

  List<NetworkProbeResult> probe(Cell cell, String targetHost, int targetPort);

  /** For runs that skip the probe. */
  NetworkCheck NONE = (cell, host, port) -> List.of();
}
