package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.PlanParser;
import gauntlet.controller.report.LoadPath;
import gauntlet.v1.TargetStarted;
import org.junit.jupiter.api.Test;

class LoadRoutesTest {
  private static final String PROXY = "docker-proxy pid 4242 (127.0.0.1:3000 -> 172.17.0.3:3000)";
  private static final TargetStarted BRIDGED = TargetStarted.newBuilder().setLauncher("docker")
      .setContainerAddress("172.17.0.3").setPortProxy(PROXY).build();

  private static Plan local(String network) {
    return PlanParser.parse("""
        agents: {local: local}
        target: {runtime: go, launcher: docker%s}
        load: {url: "http://{target}:3000/json?x=1"}
        """.formatted(network.isEmpty() ? "" : ", network: " + network), "p.yaml");
  }

  private static Plan remote(String network) {
    return PlanParser.parse("""
        agents: {target: 198.19.0.10:7070, attacker: 198.19.0.14:7070, twin: 198.19.0.10:7071}
        target: {agent: target, runtime: go, network: %s}
        load: {agents: [attacker, twin], url: "http://{target}:3000/json"}
        """.formatted(network), "p.yaml");
  }

  private static LoadRoutes routes(Plan plan, String url) {
    return new LoadRoutes(plan, url);
  }

  @Test
  void byDefaultLoadFromTheTargetsHostRunsOnHostNetworkingAndNeverMeetsTheProxy() {
    LoadRoutes routes = routes(local(""), "http://127.0.0.1:3000/json?x=1");
    assertThat(routes.startNetwork()).isEqualTo("host");
    LoadRoutes.Route route = routes.route("local",
        TargetStarted.newBuilder().setLauncher("docker").build(), "host");
    assertThat(route.path()).isEqualTo(new LoadPath("local", LoadPath.HOST, "http://127.0.0.1:3000/json?x=1"));
    assertThat(route.warning()).isEmpty();
  }

  @Test
  void bridgeSendsLoadFromTheTargetsHostToTheContainersOwnAddress() {
    LoadRoutes routes = routes(local("bridge"), "http://127.0.0.1:3000/json?x=1");
    assertThat(routes.startNetwork()).isEqualTo("bridge");
    LoadRoutes.Route route = routes.route("local", BRIDGED, "bridge");
    assertThat(route.path()).isEqualTo(
        new LoadPath("local", LoadPath.CONTAINER_ADDRESS, "http://172.17.0.3:3000/json?x=1"));
    assertThat(route.warning()).isEmpty();
  }

  @Test
  void publishedKeepsTheArticlesPathAndWarnsThatDockerProxyRelayedIt() {
    LoadRoutes routes = routes(local("published"), "http://127.0.0.1:3000/json?x=1");
    assertThat(routes.startNetwork()).isEqualTo("bridge");
    LoadRoutes.Route route = routes.route("local", BRIDGED, "bridge");
    assertThat(route.path()).isEqualTo(
        new LoadPath("local", LoadPath.VIA_DOCKER_PROXY, "http://127.0.0.1:3000/json?x=1"));
    assertThat(route.warning()).get().asString().contains(PROXY).contains("outside the container");
  }

  @Test
  void aContainerAddressThatDidNotAnswerLeavesThePublishedPort() {
    LoadRoutes.Route route = routes(local("bridge"), "http://127.0.0.1:3000/json")
        .route("local", BRIDGED.toBuilder().setContainerAddress("").build(), "bridge");
    assertThat(route.path().path()).isEqualTo(LoadPath.VIA_DOCKER_PROXY);
  }

  @Test
  void remoteLoadAgentsUseThePublishedPortThroughTheKernelsNatAndATwinOnTheTargetsHostTheContainer() {
    LoadRoutes routes = routes(remote("auto"), "http://198.19.0.10:3000/json");
    // One load agent is elsewhere: the container stays on the bridge, as in the article's cloud phases.
    assertThat(routes.startNetwork()).isEqualTo("bridge");
    assertThat(routes.onTargetHost("attacker")).isFalse();
    assertThat(routes.onTargetHost("twin")).isTrue();
    assertThat(routes.route("attacker", BRIDGED, "bridge").path())
        .isEqualTo(new LoadPath("attacker", LoadPath.KERNEL_NAT, "http://198.19.0.10:3000/json"));
    assertThat(routes.route("twin", BRIDGED, "bridge").path().path()).isEqualTo(LoadPath.CONTAINER_ADDRESS);
    assertThat(routes(remote("published"), "http://198.19.0.10:3000/json").route("twin", BRIDGED, "bridge").path()
        .path()).isEqualTo(LoadPath.KERNEL_NAT);
  }

  @Test
  void hostNetworkingAndProcessesAreTheHostsOwnStack() {
    LoadRoutes routes = routes(remote("host"), "http://198.19.0.10:3000/json");
    assertThat(routes.startNetwork()).isEqualTo("host");
    assertThat(routes.route("attacker", BRIDGED, "host").path().path()).isEqualTo(LoadPath.HOST);
    assertThat(routes(local("bridge"), "http://127.0.0.1:3000/json")
        .route("local", TargetStarted.newBuilder().setLauncher("process").build(), "bridge").path().path())
        .isEqualTo(LoadPath.HOST);
  }

  @Test
  void anIpv6ContainerAddressGetsBrackets() {
    assertThat(LoadRoutes.withHost("http://[::1]:3000/json", "fd00::3", 3000)).isEqualTo("http://[fd00::3]:3000/json");
  }
}
