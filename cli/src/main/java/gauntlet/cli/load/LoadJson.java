package gauntlet.cli.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gauntlet.agent.load.JitCompilers;
import gauntlet.core.ErrorClass;
import gauntlet.core.ErrorCounts;
import gauntlet.controller.report.LatencyJson;
import gauntlet.controller.report.LatencySummary;

/** {@code gauntlet load --json}: one object with the run's figures. */
final class LoadJson {
  private LoadJson() {}

  /** @param jit the compilers that ran the load, recorded because C1 alone costs more CPU per request */
  static String render(LoadTally tally, JitCompilers jit) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    double seconds = tally.seconds();
    root.put("requests", tally.requests());
    root.put("duration_s", Math.round(seconds * 1000) / 1000.0);
    root.put("rps", seconds > 0 ? Math.round(tally.requests() / seconds * 100) / 100.0 : 0);
    root.put("bytes", tally.bytes());
    ErrorCounts e = tally.errors();
    ObjectNode errors = root.putObject("errors");
    for (ErrorClass c : ErrorClass.ALL) {
      errors.put(c.key(), e.get(c));
    }
    LatencyJson.put(root, "latency_ms", LatencySummary.of(tally.latency()));
    if (tally.serviceTime() != null) {
      LatencyJson.put(root, "service_ms", LatencySummary.of(tally.serviceTime()));
    }
    root.put("transport", tally.transport());
    root.put("jit", jit.key());
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e1) {
      throw new IllegalStateException("A JSON tree of numbers always serialises", e1);
    }
  }
}
