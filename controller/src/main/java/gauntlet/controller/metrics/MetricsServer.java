package gauntlet.controller.metrics;

import gauntlet.core.IpLiterals;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The {@code --metrics} endpoint: Prometheus's own HTTP server, serving the run's registry as
 * OpenMetrics (or Prometheus text, as the scraper asks) at {@code /metrics}. It has no
 * authentication, so it listens beyond loopback only when the user says so.
 */
public final class MetricsServer implements AutoCloseable {
  private final HTTPServer server;
  private final InetSocketAddress address;

  private MetricsServer(HTTPServer server, InetSocketAddress address) {
    this.server = server;
    this.address = address;
  }

  /**
   * @param allowRemote whether a non-loopback address may be bound
   * @throws IllegalArgumentException naming the address and the fix, when it is not loopback and
   *     remote access was not allowed, or it does not resolve
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static MetricsServer start(String host, int port, boolean allowRemote, PrometheusRegistry registry) {
    InetAddress bind = checkBind(host, port, allowRemote);
    try {
      HTTPServer server = HTTPServer.builder().inetAddress(bind).port(port).registry(registry).buildAndStart();
      return new MetricsServer(server, new InetSocketAddress(bind, server.getPort()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve metrics on " + host + ":" + port + ": " + e.getMessage()
          + "; choose another port (0 picks a free one)", e);
    }
  }

  /**
   * The address to bind, checked before anything starts.
   *
   * @throws IllegalArgumentException as {@link #start} does
   */
  public static InetAddress checkBind(String host, int port, boolean allowRemote) {
    InetAddress bind;
    try {
      bind = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--metrics host '" + host + "' does not resolve; use an address such as"
          + " 127.0.0.1", e);
    }
    if (!bind.isLoopbackAddress() && !allowRemote) {
      throw new IllegalArgumentException("--metrics " + host + ":" + port + " would serve the run's figures beyond"
          + " this machine without authentication; bind 127.0.0.1 (and scrape through a tunnel), or add"
          + " --metrics-allow-remote if that network may read them");
    }
    return bind;
  }

  public InetSocketAddress address() {
    return address;
  }

  /** Where a scraper finds the metrics, e.g. {@code 127.0.0.1:9464/metrics}. */
  public String endpoint() {
    String host = address.getAddress().getHostAddress();
    return IpLiterals.hostPort(host, address.getPort()) + "/metrics";
  }

  @Override
  public void close() {
    server.close();
  }
}
