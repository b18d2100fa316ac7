package gauntlet.controller.report;

import gauntlet.core.ErrorClass;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The run as {@code results.csv}: one row per cell and repetition with the ledger's figures, for
 * spreadsheets and pandas. The figures are rounded as results.json rounds them, so the two agree.
 * A cell that ran several times has one row per repetition (its {@code cells[].repetitions[]}).
 */
public final class ResultsCsvWriter {
  private record Column(String name, Function<Row, Object> value) {}

  private record Row(String runId, CellResult cell, int repetition, double maxErrors) {}

  private static final List<Column> COLUMNS = columns(List.of(
      new Column("run_id", Row::runId),
      new Column("cell", r -> r.cell().cell().id()),
      new Column("repetition", Row::repetition),
      new Column("runtime", r -> r.cell().cell().runtime()),
      new Column("cpus", r -> r.cell().cell().cpus()),
      new Column("cluster", r -> r.cell().cell().cluster()),
      new Column("launcher", r -> r.cell().launcher()),
      new Column("status", r -> CellOutcome.of(r.cell(), r.maxErrors()).status().json()),
      new Column("failure", r -> r.cell().failure().orElse(null)),
      new Column("requests", r -> r.cell().requests()),
      new Column("duration_s", r -> ResultsJsonWriter.rounded(r.cell().durationSeconds(), 3)),
      new Column("rps", r -> ResultsJsonWriter.rounded(r.cell().rps(), 2)),
      new Column("latency_mean_ms", r -> LatencyJson.round(r.cell().latency().meanMs())),
      new Column("latency_p50_ms", r -> LatencyJson.round(r.cell().latency().p50Ms())),
      new Column("latency_p90_ms", r -> LatencyJson.round(r.cell().latency().p90Ms())),
      new Column("latency_p99_ms", r -> LatencyJson.round(r.cell().latency().p99Ms())),
      new Column("latency_p999_ms", r -> LatencyJson.round(r.cell().latency().p999Ms())),
      new Column("latency_max_ms", r -> LatencyJson.round(r.cell().latency().maxMs())),
      new Column("errors_total", r -> r.cell().errors().total())), List.of(
      new Column("bytes", r -> r.cell().bytes()),
      new Column("bytes_per_s", r -> ResultsJsonWriter.rounded(r.cell().bytesPerSecond(), 1)),
      new Column("target_cpu_mean_pct", r -> ResultsJsonWriter.rounded(r.cell().target().cpuMeanPct(), 1)),
      new Column("target_cpu_peak_pct", r -> ResultsJsonWriter.rounded(r.cell().target().cpuPeakPct(), 1)),
      new Column("target_mem_peak_bytes", r -> r.cell().target().memPeakBytes()),
      new Column("target_samples", r -> r.cell().target().samples()),
      new Column("service_p99_ms", r -> r.cell().serviceTime().map(s -> LatencyJson.round(s.p99Ms())).orElse(null)),
      new Column("verdicts", r -> String.join("; ", r.cell().verdicts()))));

  private ResultsCsvWriter() {}

  /** The figures before the errors, one errors_<class> column per ErrorClass, then the rest. */
  private static List<Column> columns(List<Column> before, List<Column> after) {
    List<Column> columns = new java.util.ArrayList<>(before.subList(0, before.size() - 1));
    for (ErrorClass c : ErrorClass.ALL) {
      columns.add(new Column("errors_" + c.key(), r -> r.cell().errors().get(c)));
    }
    columns.add(before.get(before.size() - 1));
    columns.addAll(after);
    return List.copyOf(columns);
  }

  /** Column names in order, as the header row holds them. */
  static List<String> header() {
    return COLUMNS.stream().map(Column::name).toList();
  }

  /** The file as text: a header row, then one row per cell and repetition, cells in plan order. */
  public static String render(RunResult run) {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setNullValue("");
    COLUMNS.forEach(c -> schema.addColumn(c.name()));
    StringWriter text = new StringWriter();
    try (SequenceWriter rows = new CsvMapper().writerFor(List.class).with(schema.build()).writeValues(text)) {
      for (CellResult cell : run.cells()) {
        List<CellResult> runs = run.runsOf(cell);
        for (int i = 0; i < runs.size(); i++) {
          Row row = new Row(run.runId(), runs.get(i), i + 1, run.plan().load().maxErrors());
          List<Object> values = new ArrayList<>(COLUMNS.size());
          for (Column column : COLUMNS) {
            values.add(column.value().apply(row));
          }
          rows.write(values);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Writing CSV to memory cannot fail: " + e.getMessage(), e);
    }
    return text.toString();
  }
}
