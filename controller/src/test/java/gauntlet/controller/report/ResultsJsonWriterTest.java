package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.core.ErrorCounts;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.Plan;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResultsJsonWriterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(RunResult run) throws Exception {
    return MAPPER.readTree(ResultsJsonWriter.render(run));
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void documentHasTheDesignedShape() throws Exception {
    JsonNode root = json(SampleRuns.phase4());

    assertThat(names(root)).containsExactly("run_id", "gauntlet_version", "started", "cells_planned", "cells_done",
        "cells_failed", "cells_degraded", "plan", "agents", "schedule", "cells", "comparisons", "expectations");
    assertThat(root.get("run_id").asText()).isEqualTo("phase4-20260525-101500");
    assertThat(root.get("started").asText()).isEqualTo("2026-05-25T10:15:00Z");
    assertThat(root.get("cells_done").asInt()).isEqualTo(3);
    assertThat(root.get("agents")).hasSize(2);
    assertThat(root.get("agents").get(1).get("clock_offset_ms").asDouble()).isEqualTo(0.42);

    JsonNode cell = root.get("cells").get(0);
    assertThat(names(cell)).contains("runtime", "cpus", "cluster", "launcher", "requests", "duration_s", "rps", "bytes",
        "errors", "latency_ms", "target", "network", "status", "failure", "service_ms", "verdicts", "load_agents",
        "network_path", "warnings", "host");
    assertThat(cell.get("id").asText()).isEqualTo("node-4cpu-cluster");
    assertThat(cell.get("runtime").asText()).isEqualTo("node");
    assertThat(cell.get("cpus").asDouble()).isEqualTo(4.0);
    assertThat(cell.get("cluster").asBoolean()).isTrue();
    assertThat(cell.get("launcher").asText()).isEqualTo("docker");
    assertThat(cell.get("status").asText()).isEqualTo("ok");
    assertThat(cell.get("failure").isNull()).isTrue();
    assertThat(cell.get("requests").asLong()).isEqualTo(933_074);
    assertThat(cell.get("duration_s").asDouble()).isEqualTo(30.075);
    assertThat(cell.get("rps").asDouble()).isEqualTo(31_024.9);
    assertThat(names(cell.get("errors"))).containsExactly("connect", "read", "write", "timeout", "status", "total");
    assertThat(names(cell.get("latency_ms"))).containsExactly("mean", "p50", "p90", "p99", "p999", "max");
    assertThat(cell.get("latency_ms").get("max").asDouble()).isEqualTo(641.25);
    assertThat(names(cell.get("target"))).containsExactly("cpu_mean_pct", "cpu_peak_pct", "mem_peak_bytes",
        "processes", "samples", "quota_cpus", "peak_of_quota_pct", "saturated");
    assertThat(cell.get("target").get("cpu_peak_pct").asDouble()).isEqualTo(415.0);
    assertThat(cell.get("network").isObject()).isTrue();
    assertThat(cell.get("service_ms").isNull()).isTrue();
    assertThat(root.get("cells").get(1).get("native").asBoolean()).isTrue();
  }

  @Test
  void planIsRecordedAsRun() throws Exception {
    JsonNode plan = json(SampleRuns.phase4()).get("plan");

    assertThat(plan.get("name").asText()).isEqualTo("phase4");
    assertThat(plan.get("agents").get("target").asText()).isEqualTo("159.65.6.89:7070");
    assertThat(plan.get("target").get("runtime").toString()).isEqualTo("[\"node\",\"go\",\"bun\"]");
    assertThat(plan.get("target").get("memory_bytes").asLong()).isEqualTo(512L * 1024 * 1024);
    assertThat(plan.get("load").get("duration").asText()).isEqualTo("30s");
    assertThat(plan.get("load").get("connections").asInt()).isEqualTo(200);
    assertThat(plan.get("on_agent_loss").asText()).isEqualTo("continue");
    assertThat(plan.get("load").get("probe").asText()).isEqualTo("3s");
    assertThat(plan.get("cells").toString()).isEqualTo("[\"node-4cpu-cluster\",\"go-4cpu-cluster\",\"bun-4cpu-cluster\"]");
  }

  @Test
  void failuresProbesAgentsAndServiceTimeAreIncluded() throws Exception {
    Plan plan = SampleRuns.plan(List.of("node", "go"), List.of(1.0), List.of(false), 1000);
    List<Cell> cells = plan.cells();
    CellResult measured = SampleRuns.measured(cells.get(0), 1_780_000_000_000L, 3, 7);
    CellResult withExtras = new CellResult(measured.cell(), measured.launcher(), Optional.empty(), measured.requests(),
        measured.durationSeconds(), measured.bytes(), ErrorCounts.of(1, 2, 3, 4, 5), measured.latency(),
        Optional.of(new LatencySummary(1, 2, 3, 4, 5, 6)), measured.target(),
        List.of(new NetworkProbeResult("attacker", 0.2, 0.3, 0.4, 9.4e9)),
        List.of(new AgentLoadResult("attacker", 3, 4, ErrorCounts.NONE, 0.5, 0.25, 1.5, 80, 40, 2)),
        List.of("load-generator-bound: x"), measured.histogram(), measured.intervals(),
        new CellSetup(2, false, List.of(new LoadPath("attacker", LoadPath.KERNEL_NAT, "http://10.0.0.1:3000/json")),
            new HostUsage(150.04, 4, 3), List.of("cpus clamped")), measured.timeline());
    RunResult run = new RunResult("r", plan, SampleRuns.STARTED, List.of(),
        List.of(withExtras, SampleRuns.failed(cells.get(1), "agent 'target' was lost")));

    JsonNode json = json(run);
    JsonNode ok = json.get("cells").get(0);
    assertThat(ok.get("errors").toString())
        .isEqualTo("{\"connect\":1,\"read\":2,\"write\":3,\"timeout\":4,\"status\":5,\"total\":15}");
    assertThat(ok.get("service_ms").get("max").asDouble()).isEqualTo(6.0);
    assertThat(ok.get("network").get("attacker").get("bits_per_s").asDouble()).isEqualTo(9.4e9);
    assertThat(ok.get("network").get("attacker").get("rtt_avg_ms").asDouble()).isEqualTo(0.3);
    assertThat(ok.get("load_agents").get(0).get("start_skew_ms").asDouble()).isEqualTo(1.5);
    assertThat(ok.get("load_agents").get(0).get("busiest_loop_cpu_pct").asDouble()).isEqualTo(40.0);
    assertThat(ok.get("verdicts").get(0).asText()).isEqualTo("load-generator-bound: x");
    assertThat(ok.get("hlog").asText()).isEqualTo("node-1cpu.hlog");
    assertThat(ok.get("network_path").asText()).isEqualTo("published port (kernel DNAT)");
    assertThat(ok.get("load_agents").get(0).get("network_path").asText()).isEqualTo("published port (kernel DNAT)");
    assertThat(ok.get("load_agents").get(0).get("url").asText()).isEqualTo("http://10.0.0.1:3000/json");
    assertThat(ok.get("warnings").toString()).isEqualTo("[\"cpus clamped\"]");
    assertThat(ok.get("target").get("quota_cpus").asDouble()).isEqualTo(2.0);
    assertThat(ok.get("target").get("saturated").asBoolean()).isFalse();
    assertThat(ok.get("target").get("peak_of_quota_pct").asDouble())
        .isEqualTo(Math.round(measured.target().cpuPeakPct() / 2 * 10) / 10.0);
    assertThat(ok.get("host").toString()).isEqualTo("{\"cpu_mean_pct\":150.0,\"cores\":4,\"samples\":3}");
    assertThat(ok.get("started").asText()).isEqualTo("2026-05-28T20:26:40Z");
    assertThat(ok.get("ended").asText()).isEqualTo("2026-05-28T20:26:43Z");
    assertThat(ok.get("latency_ms").get("p99").asDouble()).isEqualTo(measured.latency().p99Ms());

    JsonNode failed = json.get("cells").get(1);
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("failure").asText()).isEqualTo("agent 'target' was lost");
    assertThat(failed.get("hlog").isNull()).isTrue();
    assertThat(failed.get("network_path").isNull()).isTrue();
    assertThat(failed.get("target").get("saturated").isNull()).isTrue();
    assertThat(json.get("cells_failed").asInt()).isEqualTo(1);
    assertThat(json.get("cells_done").asInt()).isEqualTo(2);
  }

  @Test
  void timelineHoldsEverySecondOfTheLoadAndEveryTargetReading() throws Exception {
    Plan plan = SampleRuns.plan(List.of("node"), List.of(1.0), List.of(false), 0);
    CellResult cell = SampleRuns.measured(plan.cells().get(0), 1_780_000_000_000L, 3, 7);
    RunResult run = new RunResult("r", plan, SampleRuns.STARTED, List.of(), List.of(cell));

    JsonNode timeline = json(run).get("cells").get(0).get("timeline");

    JsonNode load = timeline.get("load");
    assertThat(load).hasSize(3);
    assertThat(names(load.get(0))).containsExactly("second", "requests", "bytes", "errors", "latency_ms",
        "agent_cpu_pct");
    assertThat(load.get(1).get("second").asInt()).isEqualTo(2);
    assertThat(load.get(1).get("requests").asLong()).isEqualTo(cell.intervals().get(1).getTotalCount());
    assertThat(load.get(1).get("errors").get("timeout").asLong()).isEqualTo(1);
    assertThat(load.get(2).get("latency_ms").get("p99").asDouble())
        .isEqualTo(LatencyJson.round(cell.intervals().get(2).getValueAtPercentile(99) / 1000.0));
    assertThat(load.get(0).get("agent_cpu_pct").get("attacker").asDouble()).isEqualTo(47.0);
    JsonNode target = timeline.get("target");
    assertThat(target).hasSize(3);
    assertThat(target.get(0).toString()).isEqualTo("{\"second\":1.002,\"cpu_pct\":85.0,\"memory_bytes\":41943040}");
  }
}
