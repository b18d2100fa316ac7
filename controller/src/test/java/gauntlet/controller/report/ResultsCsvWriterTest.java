package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.Plan;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class ResultsCsvWriterTest {

  /** results.csv read by Commons CSV, a parser independent of the Jackson writer. */
  static List<CSVRecord> parse(String csv) throws IOException {
    return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))
        .getRecords();
  }

  /**
   * Asserts that every row of results.csv holds what results.json says of the same cell: the
   * check both the unit test and the end-to-end test use.
   */
  static void assertCsvMatchesJson(String csv, String json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    List<CSVRecord> rows = parse(csv);
    JsonNode cells = root.get("cells");
    assertThat(rows).hasSize(cells.size());
    for (int i = 0; i < rows.size(); i++) {
      CSVRecord row = rows.get(i);
      JsonNode cell = cells.get(i);
      assertThat(row.get("run_id")).isEqualTo(root.get("run_id").asText());
      assertThat(row.get("cell")).isEqualTo(cell.get("id").asText());
      assertThat(row.get("repetition")).isEqualTo("1");
      assertThat(row.get("runtime")).isEqualTo(cell.get("runtime").asText());
      assertThat(Double.parseDouble(row.get("cpus"))).isEqualTo(cell.get("cpus").asDouble());
      assertThat(row.get("cluster")).isEqualTo(cell.get("cluster").asText());
      assertThat(row.get("status")).isEqualTo(cell.get("status").asText());
      assertThat(row.get("failure")).isEqualTo(cell.get("failure").isNull() ? "" : cell.get("failure").asText());
      assertThat(Long.parseLong(row.get("requests"))).isEqualTo(cell.get("requests").asLong());
      assertThat(Double.parseDouble(row.get("rps"))).isEqualTo(cell.get("rps").asDouble());
      assertThat(Double.parseDouble(row.get("duration_s"))).isEqualTo(cell.get("duration_s").asDouble());
      for (String q : List.of("mean", "p50", "p90", "p99", "p999", "max")) {
        assertThat(Double.parseDouble(row.get("latency_" + q + "_ms"))).as(q)
            .isEqualTo(cell.get("latency_ms").get(q).asDouble());
      }
      for (String c : List.of("connect", "read", "write", "timeout", "status", "total")) {
        assertThat(Long.parseLong(row.get("errors_" + c))).as(c).isEqualTo(cell.get("errors").get(c).asLong());
      }
      assertThat(Long.parseLong(row.get("bytes"))).isEqualTo(cell.get("bytes").asLong());
      assertThat(Double.parseDouble(row.get("bytes_per_s"))).isEqualTo(cell.get("bytes_per_s").asDouble());
      JsonNode target = cell.get("target");
      assertThat(Double.parseDouble(row.get("target_cpu_mean_pct"))).isEqualTo(target.get("cpu_mean_pct").asDouble());
      assertThat(Double.parseDouble(row.get("target_cpu_peak_pct"))).isEqualTo(target.get("cpu_peak_pct").asDouble());
      assertThat(Long.parseLong(row.get("target_mem_peak_bytes"))).isEqualTo(target.get("mem_peak_bytes").asLong());
      assertThat(Integer.parseInt(row.get("target_samples"))).isEqualTo(target.get("samples").asInt());
    }
  }

  @Test
  void oneRowPerCellMatchingResultsJson() throws IOException {
    RunResult run = SampleRuns.phase4();

    String csv = ResultsCsvWriter.render(run);

    assertThat(parse(csv)).hasSize(3);
    assertCsvMatchesJson(csv, ResultsJsonWriter.render(run));
    assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo(String.join(",", ResultsCsvWriter.header()));
  }

  @Test
  void failuresWithCommasQuotesAndNewlinesSurviveTheRoundTrip() throws IOException {
    Plan plan = SampleRuns.plan(List.of("node", "go"), List.of(1.0), List.of(false), 0);
    List<Cell> cells = plan.cells();
    String reason = "go build failed: \"exit 2\",\nsee the log";
    RunResult run = new RunResult("r", plan, SampleRuns.STARTED, List.of(),
        List.of(SampleRuns.measured(cells.get(0), 1_780_000_000_000L, 3, 1), SampleRuns.failed(cells.get(1), reason)));

    String csv = ResultsCsvWriter.render(run);

    List<CSVRecord> rows = parse(csv);
    assertThat(rows.get(1).get("failure")).isEqualTo(reason);
    assertThat(rows.get(1).get("status")).isEqualTo("failed");
    assertThat(rows.get(0).get("service_p99_ms")).isEmpty();
    assertCsvMatchesJson(csv, ResultsJsonWriter.render(run));
  }
}
