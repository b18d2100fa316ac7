package gauntlet.agent.load;

import gauntlet.core.LoadDefaults;
import gauntlet.core.LoadTransport;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One load run, in wrk's terms.
 *
 * @param url http URL to request (https is not supported yet)
 * @param method request method, GET by default
 * @param headers extra request headers
 * @param body request body, empty for none
 * @param threads event loops (wrk -t)
 * @param connections keep-alive connections in total (wrk -c), spread over the threads
 * @param duration measured time, after the warm-up (wrk -d)
 * @param warmup load applied before measuring starts; its results are reported as warm-up
 * @param timeout a request without a complete response for this long counts as a timeout error
 *     and its connection is re-opened (wrk --timeout)
 * @param rate total requests per second (wrk2 -R); 0 for the closed model
 * @param interval how often an interval snapshot is taken
 * @param transport the socket transport asked for; {@code auto} (the default) takes the best here
 */
public record LoadOptions(
    URI url,
    String method,
    Map<String, String> headers,
    byte[] body,
    int threads,
    int connections,
    Duration duration,
    Duration warmup,
    Duration timeout,
    double rate,
    Duration interval,
    LoadTransport transport) {

  /** The least open-model rate, one request every 1000 s: below it a run would send nothing. */
  public static final double MIN_RATE = 0.001;
  /** The most the engine paces: one request per nanosecond, the clock's resolution. */
  public static final double MAX_RATE = 1e9;

  public LoadOptions {
    Objects.requireNonNull(url, "url");
    method = method == null || method.isBlank() ? "GET" : method;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    body = body == null ? new byte[0] : body;
    Objects.requireNonNull(duration, "duration");
    warmup = warmup == null ? Duration.ZERO : warmup;
    timeout = timeout == null ? LoadDefaults.TIMEOUT : timeout;
    interval = interval == null ? LoadDefaults.INTERVAL : interval;
    transport = transport == null ? LoadTransport.AUTO : transport;
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    if (connections < threads) {
      throw new IllegalArgumentException(
          "connections (" + connections + ") must be at least the number of threads (" + threads + ")");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, not " + duration);
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warmup must not be negative, not " + warmup);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, not " + timeout);
    }
    if (!(rate == 0 || (rate >= MIN_RATE && rate <= MAX_RATE))) {
      throw new IllegalArgumentException("rate must be 0 (closed model) or between " + MIN_RATE + " and "
          + (long) MAX_RATE + " requests/second, not " + rate);
    }
    if (!"http".equalsIgnoreCase(url.getScheme())) {
      throw new IllegalArgumentException("url must start with http://, not '" + url + "'");
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("url has no host: '" + url + "'");
    }
  }

  /** On the transport that measured best here ({@code auto}). */
  public LoadOptions(URI url, String method, Map<String, String> headers, byte[] body, int threads, int connections,
      Duration duration, Duration warmup, Duration timeout, double rate, Duration interval) {
    this(url, method, headers, body, threads, connections, duration, warmup, timeout, rate, interval,
        LoadTransport.AUTO);
  }

  /** The same run on {@code other}. */
  public LoadOptions withTransport(LoadTransport other) {
    return new LoadOptions(url, method, headers, body, threads, connections, duration, warmup, timeout, rate, interval,
        other);
  }

  /** A GET with wrk's defaults for everything but the URL, threads, connections and duration. */
  public static LoadOptions closed(URI url, int threads, int connections, Duration duration) {
    return new LoadOptions(url, LoadDefaults.METHOD, Map.of(), new byte[0], threads, connections, duration,
        Duration.ZERO, LoadDefaults.TIMEOUT, 0, LoadDefaults.INTERVAL);
  }

  public boolean openModel() {
    return rate > 0;
  }
}
