package gauntlet.controller.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The plan's {@code load:} section.
 *
 * @param agents names of the agents generating load, all at once
 * @param url request URL, parsed; {@code {target}} stands for the target agent's host
 * @param method request method (GET unless the plan says otherwise)
 * @param headers request headers besides Host (and Content-Length, which the body sets), in order
 * @param body request body, empty for none
 * @param threads event loops per load agent
 * @param connections connections per load agent
 * @param duration measured time per cell
 * @param warmup load before measuring, excluded from results
 * @param timeout per-request timeout
 * @param rate total requests/second over all load agents; 0 for the closed model
 * @param probe how long each load agent measures throughput to the target host before the first
 *     cell; zero skips the network probe
 * @param separateFromTarget refuse a load agent that is also the target agent
 * @param maxErrors the share of requests (0 to 1) that may fail before a cell is degraded
 */
public record LoadPlan(
    List<String> agents,
    UrlTemplate url,
    String method,
    Map<String, String> headers,
    String body,
    int threads,
    int connections,
    Duration duration,
    Duration warmup,
    Duration timeout,
    double rate,
    Duration probe,
    boolean separateFromTarget,
    double maxErrors) {
  /** {@code load.max_errors} when the plan does not set it: 1 % of requests. */
  public static final double DEFAULT_MAX_ERRORS = 0.01;

  /** A load with the default error budget. */
  public LoadPlan(List<String> agents, UrlTemplate url, String method, Map<String, String> headers, String body,
      int threads, int connections, Duration duration, Duration warmup, Duration timeout, double rate,
      Duration probe, boolean separateFromTarget) {
    this(agents, url, method, headers, body, threads, connections, duration, warmup, timeout, rate, probe,
        separateFromTarget, DEFAULT_MAX_ERRORS);
  }

  public LoadPlan {
    agents = List.copyOf(agents);
    headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
  }

  /** Whether the load is paced (open model, like wrk2's -R) rather than closed (like wrk). */
  public boolean openModel() {
    return rate > 0;
  }
}
