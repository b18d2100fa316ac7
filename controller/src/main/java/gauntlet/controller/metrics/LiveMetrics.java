package gauntlet.controller.metrics;

import gauntlet.core.ErrorClass;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.report.CellResult;
import gauntlet.controller.run.Progress;
import gauntlet.controller.run.RunEta;
import gauntlet.wire.LatencyHistograms;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The run as Prometheus metrics, fed by the run's progress events: per cell the measured requests
 * and errors by class as counters (they reach the cell's total in results.json once its last
 * interval arrived), latency quantiles read from the cell's merged histogram at scrape time, the
 * target's latest CPU and memory, and the run's progress (cells done of planned, ETA).
 */
public final class LiveMetrics implements Progress {
  /** Quantiles exported from each cell's merged histogram; 1 is the maximum. */
  private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999, 1.0};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final RunEta eta;
  private final Counter requests;
  private final Counter errors;
  private final Gauge targetCpu;
  private final Gauge targetMemory;
  private final Gauge cellsDone;
  private final Gauge cellsPlanned;
  private final Gauge currentCell;
  /** Each cell's measured intervals summed so far, by cell id, in run order. */
  private final Map<String, Histogram> latency = new LinkedHashMap<>();
  /** Adds the intervals' encoded histograms; used under the lock of {@link #latency}. */
  private final gauntlet.wire.HistogramAdder adder = new gauntlet.wire.HistogramAdder();
  private final Map<String, String> runtimes = new LinkedHashMap<>();

  /** @param eta the run's progress, told of each event before this is */
  public LiveMetrics(RunEta eta) {
    this.eta = eta;
    requests = Counter.builder().name("gauntlet_requests")
        .help("Requests completed in the measured window (warm-up excluded), summed over load agents")
        .labelNames("cell", "runtime").register(registry);
    errors = Counter.builder().name("gauntlet_errors")
        .help("Failed requests in the measured window by class: " + String.join(", ",
            ErrorClass.ALL.stream().map(ErrorClass::key).toList()) + " (status: outside 200-399)")
        .labelNames("cell", "runtime", "class").register(registry);
    targetCpu = Gauge.builder().name("gauntlet_target_cpu_percent")
        .help("The target's CPU over the last second, docker-stats arithmetic: 100 = one core")
        .labelNames("cell", "runtime").register(registry);
    targetMemory = Gauge.builder().name("gauntlet_target_memory_bytes")
        .help("The target's memory at the last reading").labelNames("cell", "runtime").register(registry);
    cellsPlanned = Gauge.builder().name("gauntlet_cells_planned").help("Cells this run will run").register(registry);
    cellsDone = Gauge.builder().name("gauntlet_cells_done").help("Cells finished, failed ones included")
        .register(registry);
    currentCell = Gauge.builder().name("gauntlet_cell_current")
        .help("The cell running now, counting from 1 (the last one once the run is over)").register(registry);
    GaugeWithCallback.builder().name("gauntlet_eta_seconds")
        .help("Expected time until the run's last cell ends: warm-up plus duration per cell until one finished,"
            + " then the finished cells' mean")
        .callback(callback -> callback.call(eta.remaining().toMillis() / 1000.0)).register(registry);
    registry.register(new LatencyCollector());
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  @Override
  public void runStarted(String runId, int cells) {
    cellsPlanned.set(cells);
  }

  @Override
  public void cellStarted(Cell cell, int of) {
    cellsPlanned.set(of);
    currentCell.set(eta.current());
    synchronized (latency) {
      latency.put(cell.id(), LatencyHistograms.create());
      runtimes.put(cell.id(), cell.runtime());
    }
    // Zero from the start, so a rate() over the cell has a first sample before any request.
    requests.labelValues(cell.id(), cell.runtime());
    for (String errorClass : ErrorClass.ALL.stream().map(ErrorClass::key).toList()) {
      errors.labelValues(cell.id(), cell.runtime(), errorClass);
    }
  }

  @Override
  public void interval(Cell cell, Interval interval) {
    String id = cell.id();
    String runtime = cell.runtime();
    requests.labelValues(id, runtime).inc(interval.requests());
    for (ErrorClass c : ErrorClass.ALL) {
      long count = interval.errors().get(c);
      if (count > 0) {
        errors.labelValues(id, runtime, c.key()).inc(count);
      }
    }
    synchronized (latency) {
      adder.add(interval.latency(), latency.computeIfAbsent(id, c -> LatencyHistograms.create()));
    }
  }

  @Override
  public void targetSample(Cell cell, double cpuPct, long memoryBytes) {
    targetCpu.labelValues(cell.id(), cell.runtime()).set(cpuPct);
    targetMemory.labelValues(cell.id(), cell.runtime()).set(memoryBytes);
  }

  @Override
  public void cellFinished(CellResult result) {
    cellsDone.set(eta.finished());
  }

  /** gauntlet_latency_seconds: a summary per cell whose quantiles are exact reads of the merged histogram. */
  private final class LatencyCollector implements Collector {
    @Override
    public MetricSnapshot collect() {
      List<SummaryDataPointSnapshot> points = new ArrayList<>();
      synchronized (latency) {
        for (Map.Entry<String, Histogram> e : latency.entrySet()) {
          Histogram micros = e.getValue();
          if (micros.getTotalCount() == 0) {
            continue;
          }
          List<Quantile> quantiles = new ArrayList<>();
          for (double q : QUANTILES) {
            double value = q == 1.0 ? micros.getMaxValue() : micros.getValueAtPercentile(q * 100);
            quantiles.add(new Quantile(q, value / 1e6));
          }
          points.add(SummaryDataPointSnapshot.builder()
              .labels(Labels.of("cell", e.getKey(), "runtime", runtimes.getOrDefault(e.getKey(), "")))
              .count(micros.getTotalCount())
              .sum(micros.getMean() * micros.getTotalCount() / 1e6)
              .quantiles(Quantiles.of(quantiles))
              .build());
        }
      }
      SummarySnapshot.Builder summary = SummarySnapshot.builder().name("gauntlet_latency_seconds")
          .help("Latency of the measured window's requests per cell, from the load agents' merged HdrHistograms"
              + " (open model: from each request's intended send time); quantile 1 is the maximum");
      points.forEach(summary::dataPoint);
      return summary.build();
    }

    @Override
    public String getPrometheusName() {
      return "gauntlet_latency_seconds";
    }
  }
}
