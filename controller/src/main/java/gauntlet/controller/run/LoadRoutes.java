package gauntlet.controller.run;

import gauntlet.controller.plan.AgentEndpoint;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.TargetNetwork;
import gauntlet.controller.report.LoadPath;
import gauntlet.v1.TargetStarted;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides which network a cell's target starts on and where each load agent sends its requests,
 * so that load from the target's own host does not go through docker-proxy unless the plan asks
 * for the published port ({@code network: published}).
 *
 * <p>A load agent is on the target's host when it is the target agent, when both are reached at
 * the same address (every loopback address and the in-process agent count as this machine), or
 * when the load URL's host is loopback.
 */
final class LoadRoutes {
  private final Plan plan;
  private final String url;

  /**
   * @param url the plan's load URL with {@code {target}} filled in
   */
  LoadRoutes(Plan plan, String url) {
    this.plan = plan;
    this.url = url;
  }

  /** Where one load agent sends, and what the ledger should know about that path. */
  record Route(LoadPath path, Optional<String> warning) {}

  boolean onTargetHost(String loadAgent) {
    if (loadAgent.equals(plan.target().agent())) {
      return true;
    }
    if (machine(plan.agents().get(loadAgent)).equals(machine(plan.targetAgent()))) {
      return true;
    }
    return isLoopback(URI.create(url).getHost());
  }

  /** The wire network the target starts on: {@code host} or {@code bridge}. */
  String startNetwork() {
    TargetNetwork network = plan.target().networkMode();
    boolean allOnHost = plan.load().agents().stream().allMatch(this::onTargetHost);
    return switch (network) {
      case HOST -> "host";
      case AUTO -> allOnHost ? "host" : "bridge";
      case BRIDGE, PUBLISHED -> "bridge";
    };
  }

  /** The route of {@code loadAgent} to a started target. */
  Route route(String loadAgent, TargetStarted target, String startedNetwork) {
    if (!"docker".equals(target.getLauncher()) || startedNetwork.equals("host")) {
      return new Route(new LoadPath(loadAgent, LoadPath.HOST, url), Optional.empty());
    }
    boolean onHost = onTargetHost(loadAgent);
    if (onHost && plan.target().networkMode() != TargetNetwork.PUBLISHED && !target.getContainerAddress().isEmpty()) {
      String direct = withHost(url, target.getContainerAddress(), plan.target().port());
      return new Route(new LoadPath(loadAgent, LoadPath.CONTAINER_ADDRESS, direct), Optional.empty());
    }
    boolean loopback = isLoopback(URI.create(url).getHost());
    if (loopback && !target.getPortProxy().isEmpty()) {
      return new Route(new LoadPath(loadAgent, LoadPath.VIA_DOCKER_PROXY, url), Optional.of(String.format(Locale.ROOT,
          "agent '%s''s load went through %s: a process outside the container, whose CPU the quota neither"
              + " limits nor counts in Peak CPU, and which can set the pace on a small machine; network: auto"
              + " or bridge avoids it", loadAgent, target.getPortProxy())));
    }
    return new Route(new LoadPath(loadAgent, LoadPath.KERNEL_NAT, url), Optional.empty());
  }

  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
  }

  private static String machine(AgentEndpoint endpoint) {
    return endpoint.isLocal() || isLoopback(endpoint.host()) ? "this machine" : endpoint.host().toLowerCase(Locale.ROOT);
  }

  /** {@code url} sent to {@code host:port} instead, path and query kept. */
  static String withHost(String url, String host, int port) {
    URI u = URI.create(url);
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    String rest = (u.getRawPath() == null ? "" : u.getRawPath()) + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    return u.getScheme() + "://" + h + ":" + port + rest;
  }

  static List<String> warnings(List<Route> routes) {
    return routes.stream().flatMap(r -> r.warning().stream()).toList();
  }
}
