package gauntlet.controller.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.controller.report.ResultsDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A results folder read back: its run id and cells, from its results.json. */
public record RecordedRun(Path folder, String runId, List<RecordedCell> cells) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public RecordedRun {
    cells = List.copyOf(cells);
  }

  /**
   * Reads {@code folder}/results.json (or {@code folder} itself when it is the file).
   *
   * @throws CompareException naming the file and what is wrong with it
   */
  public static RecordedRun read(Path folder) {
    Path file = Files.isDirectory(folder) ? folder.resolve(ResultsDirectory.RESULTS) : folder;
    if (!Files.isRegularFile(file)) {
      throw new CompareException(folder + " holds no " + ResultsDirectory.RESULTS + "; give the folder a run wrote"
          + " (its --out)");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new CompareException("Cannot read " + file + " as JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    JsonNode cells = root.path("cells");
    if (!cells.isArray() || !root.path("run_id").isTextual()) {
      throw new CompareException(file + " is not a Gauntlet results.json (no run_id and cells)");
    }
    List<RecordedCell> read = new ArrayList<>();
    for (JsonNode cell : cells) {
      read.add(cell(file, cell));
    }
    return new RecordedRun(Files.isDirectory(folder) ? folder : file.getParent(), root.get("run_id").asText(), read);
  }

  private static RecordedCell cell(Path file, JsonNode cell) {
    if (!cell.path("id").isTextual() || !cell.path("runtime").isTextual()) {
      throw new CompareException(file + " has a cell without id or runtime");
    }
    JsonNode repetitions = cell.path("repetitions");
    List<JsonNode> runs = new ArrayList<>();
    if (repetitions.isArray() && !repetitions.isEmpty()) {
      repetitions.forEach(runs::add);
    } else {
      runs.add(cell); // written before repetitions existed: the cell is its one run
    }
    Map<String, List<Double>> values = new LinkedHashMap<>();
    RecordedCell.FIGURES.forEach(f -> values.put(f, new ArrayList<>()));
    for (JsonNode run : runs) {
      if (!"ok".equals(run.path("status").asText("ok")) || run.path("requests").asLong(0) == 0) {
        continue;
      }
      add(values.get("rps"), run.path("rps"));
      add(values.get("p50_ms"), run.path("latency_ms").path("p50"));
      add(values.get("p99_ms"), run.path("latency_ms").path("p99"));
    }
    Map<String, double[]> figures = new LinkedHashMap<>();
    values.forEach((k, v) -> figures.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
    return new RecordedCell(cell.get("id").asText(), cell.get("runtime").asText(), cell.path("cpus").asDouble(0),
        cell.path("cluster").asBoolean(false), cell.path("copy").asInt(0), cell.path("status").asText("ok"), figures);
  }

  private static void add(List<Double> values, JsonNode value) {
    if (value.isNumber()) {
      values.add(value.asDouble());
    }
  }
}
