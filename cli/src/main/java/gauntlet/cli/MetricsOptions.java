package gauntlet.cli;

import gauntlet.controller.metrics.MetricsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --metrics HOST:PORT} and its companions, shared by {@code run} and {@code demo}. */
final class MetricsOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--metrics", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
      description = "Serve live metrics (OpenMetrics, for Prometheus) at HOST:PORT/metrics during the run;"
          + " loopback only unless --metrics-allow-remote; port 0 picks a free one.")
  HostPort address;

  @Option(names = "--metrics-allow-remote",
      description = "Let --metrics listen beyond loopback: anyone who reaches the port reads the run's figures"
          + " (no authentication).")
  boolean allowRemote;

  @Option(names = "--metrics-linger", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How long the metrics stay up after the run, so a last scrape sees the final figures; make it"
          + " longer than the scrape interval (default ${DEFAULT-VALUE}; Ctrl-C ends it).")
  Duration linger;

  /** No metrics server, as a command without --metrics has: for callers that run without picocli. */
  static MetricsOptions none() {
    MetricsOptions none = new MetricsOptions();
    none.linger = Duration.ZERO;
    return none;
  }

  /** Refuses a bind the options do not allow, before the command starts anything. */
  void check() {
    if (address != null) {
      try {
        MetricsServer.checkBind(address.host(), address.port(), allowRemote);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(mixee.commandLine(), e.getMessage(), e);
      }
    }
  }

  /** The server, started; empty without --metrics. */
  Optional<MetricsServer> start(PrometheusRegistry registry) {
    if (address == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(MetricsServer.start(address.host(), address.port(), allowRemote, registry));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), e.getMessage(), e);
    }
  }
}
