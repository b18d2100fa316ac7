package gauntlet.controller.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gauntlet.agent.load.ErrorCounts;
import gauntlet.controller.plan.Plan;

/** results.json in DESIGN.md's shape, plus what a reader needs to trust it (status, agents, verdicts). */
public final class ResultsJsonWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResultsJsonWriter() {}

  public static String render(RunResult run) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("run_id", run.runId());
    root.put("started", run.started().toString());
    root.set("plan", plan(run.plan()));
    ArrayNode agents = root.putArray("agents");
    for (AgentSummary a : run.agents()) {
      agents.addObject()
          .put("name", a.name())
          .put("address", a.address())
          .put("version", a.version())
          .put("hostname", a.hostname())
          .put("cores", a.cores())
          .put("memory_bytes", a.memoryBytes())
          .put("os", a.os())
          .put("clock_offset_ms", LatencyJson.round(a.clockOffsetMs()))
          .put("clock_rtt_ms", LatencyJson.round(a.clockRttMs()));
    }
    ArrayNode cells = root.putArray("cells");
    for (CellResult c : run.cells()) {
      ObjectNode cell = cells.addObject();
      cell.put("id", c.cell().id());
      cell.put("runtime", c.cell().runtime());
      cell.put("cpus", c.cell().cpus());
      cell.put("cluster", c.cell().cluster());
      cell.put("launcher", c.launcher());
      cell.put("status", c.failed() ? "failed" : "ok");
      c.failure().ifPresent(f -> cell.put("failure", f));
      cell.put("requests", c.requests());
      cell.put("duration_s", LatencyJson.round(c.durationSeconds()));
      cell.put("rps", Math.round(c.rps() * 100) / 100.0);
      cell.put("bytes", c.bytes());
      errors(cell.putObject("errors"), c.errors());
      LatencyJson.put(cell, "latency_ms", c.latency());
      c.serviceTime().ifPresent(s -> LatencyJson.put(cell, "service_ms", s));
      cell.putObject("target")
          .put("cpu_mean_pct", Math.round(c.target().cpuMeanPct() * 10) / 10.0)
          .put("cpu_peak_pct", Math.round(c.target().cpuPeakPct() * 10) / 10.0)
          .put("mem_peak_bytes", c.target().memPeakBytes())
          .put("processes", c.target().processes())
          .put("samples", c.target().samples());
      ObjectNode network = cell.putObject("network");
      ArrayNode probes = network.putArray("probes");
      for (NetworkProbeResult p : c.network()) {
        probes.addObject()
            .put("agent", p.agent())
            .put("rtt_min_ms", LatencyJson.round(p.rttMinMs()))
            .put("rtt_avg_ms", LatencyJson.round(p.rttAvgMs()))
            .put("rtt_max_ms", LatencyJson.round(p.rttMaxMs()))
            .put("bits_per_second", Math.round(p.bitsPerSecond()));
      }
      ArrayNode verdicts = network.putArray("verdicts");
      c.verdicts().forEach(verdicts::add);
      ArrayNode loadAgents = cell.putArray("load_agents");
      for (AgentLoadResult a : c.agents()) {
        ObjectNode agent = loadAgents.addObject()
            .put("agent", a.agent())
            .put("requests", a.requests())
            .put("bytes", a.bytes())
            .put("clock_offset_ms", LatencyJson.round(a.clockOffsetMs()))
            .put("clock_rtt_ms", LatencyJson.round(a.clockRttMs()))
            .put("start_skew_ms", LatencyJson.round(a.startSkewMs()))
            .put("cpu_peak_pct", Math.round(a.cpuPeakPct() * 10) / 10.0)
            .put("busiest_loop_cpu_pct", Math.round(a.busiestLoopCpuPct() * 10) / 10.0)
            .put("cores", a.cores());
        errors(agent.putObject("errors"), a.errors());
      }
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A tree of strings and numbers always serialises", e);
    }
  }

  private static void errors(ObjectNode into, ErrorCounts e) {
    into.put("connect", e.connect()).put("read", e.read()).put("write", e.write()).put("timeout", e.timeout())
        .put("status", e.status());
  }

  private static ObjectNode plan(Plan plan) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("name", plan.name());
    ObjectNode agents = node.putObject("agents");
    plan.agents().forEach((name, endpoint) -> agents.put(name, endpoint.toString()));
    var t = plan.target();
    ObjectNode target = node.putObject("target");
    target.put("agent", t.agent());
    ArrayNode runtimes = target.putArray("runtime");
    t.runtimes().forEach(runtimes::add);
    target.put("launcher", t.launcher());
    ArrayNode cpus = target.putArray("cpus");
    t.cpus().forEach(cpus::add);
    target.put("memory_bytes", t.memoryBytes());
    ArrayNode cluster = target.putArray("cluster");
    t.cluster().forEach(cluster::add);
    target.put("port", t.port());
    target.put("network", t.network());
    var l = plan.load();
    ObjectNode load = node.putObject("load");
    ArrayNode loaders = load.putArray("agents");
    l.agents().forEach(loaders::add);
    load.put("url", l.url());
    load.put("threads", l.threads());
    load.put("connections", l.connections());
    load.put("duration_s", l.duration().toMillis() / 1000.0);
    load.put("warmup_s", l.warmup().toMillis() / 1000.0);
    load.put("timeout_s", l.timeout().toMillis() / 1000.0);
    load.put("rate", l.rate());
    node.put("on_agent_loss", plan.onAgentLoss().name().toLowerCase(java.util.Locale.ROOT));
    return node;
  }
}
