package gauntlet.agent.target.docker;

import static gauntlet.agent.target.docker.DockerItSupport.MIB;
import static gauntlet.agent.target.docker.DockerItSupport.config;
import static gauntlet.agent.target.docker.DockerItSupport.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.HostConfig;
import gauntlet.agent.target.AgentInstance;
import gauntlet.agent.target.BuiltInServer;
import gauntlet.agent.target.EndedAgents;
import gauntlet.agent.target.NetworkMode;
import gauntlet.agent.target.ResourceSample;
import gauntlet.agent.target.RunningTarget;
import gauntlet.agent.target.TargetConfig;
import gauntlet.agent.target.TargetException;
import gauntlet.agent.target.TargetLabels;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The docker launcher against the real engine, with images built the way CI builds them (no
 * registry here, so automatically from the host's runtimes). Images are built once for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerLauncherIT {
  private static final Logger LOG = LoggerFactory.getLogger(DockerLauncherIT.class);
  private final DockerItSupport support = new DockerItSupport();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private DockerLauncher launcher;
  private DockerClient docker;

  @BeforeAll
  void connect() throws TargetException {
    launcher = support.connect(OfflineImages.AUTO);
    docker = launcher.docker();
  }

  @AfterAll
  void cleanUp() {
    support.cleanUpAndClose(launcher);
  }

  @ParameterizedTest
  @CsvSource({
      "node, Hello from Node!",
      "bun, Hello from Bun!",
      "go, Hello from Go!"})
  void oneCpuQuotaHoldsUnderLoadAndTheServerAnswers(String runtime, String greeting) throws Exception {
    TargetConfig config = config(runtime, 1, 512 * MIB, false, freePort());
    try (RunningTarget target = launcher.start(config, support.labels(runtime + "-1cpu"))) {
      HostConfig limits = docker.inspectContainerCmd(target.handle()).exec().getHostConfig();
      assertThat(limits.getNanoCPUs()).isEqualTo(1_000_000_000L);
      assertThat(limits.getMemory()).isEqualTo(536_870_912L);
      assertThat(limits.getMemorySwap()).as("no swap beyond the memory limit").isEqualTo(536_870_912L);
      // No registry answers here, so the launcher must have chosen the offline image by itself.
      ServerSources sources = ServerSources.embedded(BuiltInServer.forRuntime(runtime).orElseThrow());
      assertThat(target.image()).isEqualTo(launcher.images().offlineTag(sources))
          .startsWith(support.imagePrefix + "/" + runtime + ":" + sources.hash());
      assertThat(target.runtimeVersion()).isNotBlank();

      HttpResponse<String> json = get(config.port(), "/json");
      assertThat(json.statusCode()).isEqualTo(200);
      assertThat(json.body()).isEqualTo("{\"message\":\"" + greeting + "\"}");

      List<ResourceSample> samples = sampleWhileLoading(target, config.port(), Duration.ofSeconds(3));
      double peak = samples.stream().mapToDouble(ResourceSample::cpuPercent).max().orElseThrow();
      LOG.info("{} at cpus 1 under wrk: peak CPU {} %, samples {}", runtime, Math.round(peak), samples);
      // On a shared 2-core box wrk, docker-proxy and the neighbours' builds may keep the server far
      // below its quota; the bound that matters is the upper one. The lower one proves the load
      // registered at all (an idle server reads a few hundredths of a percent).
      assertThat(peak).as("peak CPU %% of %s under load, samples %s", runtime, samples)
          .isGreaterThan(1).isLessThanOrEqualTo(115);
      assertThat(samples).allSatisfy(sample -> {
        assertThat(sample.memoryBytes()).isBetween(1L, 512 * MIB);
        assertThat(sample.processes()).isEqualTo(1);
      });
    }
  }

  @Test
  void aHalfCpuQuotaCapsTheSampledCpu() throws Exception {
    TargetConfig config = config("go", 0.5, 64 * MIB, false, freePort());
    try (RunningTarget target = launcher.start(config, support.labels("go-half-cpu"))) {
      long throttledBefore = throttledPeriods(target.handle());
      List<ResourceSample> samples = sampleWhileLoading(target, config.port(), Duration.ofSeconds(3));
      long throttled = throttledPeriods(target.handle()) - throttledBefore;
      double peak = samples.stream().mapToDouble(ResourceSample::cpuPercent).max().orElseThrow();
      // Whether the quota bites depends on how much CPU the neighbours leave; logged, not asserted.
      LOG.info("go at cpus 0.5 under wrk: peak CPU {} %, {} periods throttled", Math.round(peak), throttled);
      assertThat(peak).as("peak CPU %%, samples %s", samples).isGreaterThan(1).isLessThanOrEqualTo(60);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"node", "bun"})
  void clusteredServerRunsOneProcessPerCpuBesidesItsLauncher(String runtime) throws Exception {
    TargetConfig config = config(runtime, 2, 512 * MIB, true, freePort());
    try (RunningTarget target = launcher.start(config, support.labels(runtime + "-cluster"))) {
      assertThat(get(config.port(), "/json").statusCode()).isEqualTo(200);
      assertThat(docker.inspectContainerCmd(target.handle()).exec().getHostConfig().getNanoCPUs())
          .isEqualTo(2_000_000_000L);
      // Workers start after the primary answers the first request; give them a moment to register.
      int processes = awaitProcesses(target, 3, Duration.ofSeconds(30));
      assertThat(processes).as("primary + 2 workers").isGreaterThanOrEqualTo(3);
      assertThat(docker.topContainerCmd(target.handle()).exec().getProcesses().length).as("docker top").isGreaterThanOrEqualTo(3);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"node", "bun"})
  void anOfflineImageGivesItsRuntimeATmpAUserAndIcu(String runtime) throws Exception {
    String image = launcher.images().ensure(ServerSources.embedded(BuiltInServer.forRuntime(runtime).orElseThrow())).tag();
    String script = "const fs = require('fs'), os = require('os');"
        + "fs.writeFileSync(os.tmpdir() + '/probe', 'ok');"
        // Node's os.userInfo() throws without /etc/passwd; Bun's reads $USER, so the uid is compared.
        + "console.log([fs.readFileSync(os.tmpdir() + '/probe', 'utf8'), 'uid=' + os.userInfo().uid,"
        + " new Intl.NumberFormat('de-DE').format(1234.5)].join(' '))";
    String id = docker.createContainerCmd(image).withCmd(runtime, "-e", script)
        .withLabels(support.labels("probe").asMap()).exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      int exit = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(60, TimeUnit.SECONDS);
      String output = ContainerLogs.tail(docker, id, 20);
      assertThat(exit).as("exit code, output: %s", output).isZero();
      assertThat(output).contains("ok uid=0 1.234,5");
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }

  @Test
  void closeRemovesTheContainerAndCanBeRepeated() throws Exception {
    RunningTarget target = launcher.start(config("go", 0.5, 64 * MIB, false, freePort()), support.labels("close"));
    String id = target.handle();
    target.close();
    target.close();
    assertThat(docker.listContainersCmd().withShowAll(true).withIdFilter(List.of(id)).exec()).isEmpty();
  }

  @Test
  void cpusAboveTheEngineAreClampedWithAWarning() throws Exception {
    int tooMany = launcher.engineCpus() + 2;
    try (RunningTarget target = launcher.start(config("go", tooMany, 0, false, freePort()), support.labels("clamp"))) {
      assertThat(target.cpus()).isEqualTo(launcher.engineCpus());
      assertThat(target.warnings()).singleElement().asString()
          .contains("cpus " + tooMany).contains("clamped to " + launcher.engineCpus());
      HostConfig limits = docker.inspectContainerCmd(target.handle()).exec().getHostConfig();
      assertThat(limits.getNanoCPUs()).isEqualTo(launcher.engineCpus() * 1_000_000_000L);
      assertThat(limits.getMemory()).as("memory 0 is unlimited").isIn(null, 0L);
    }
  }

  @Test
  void aPortAlreadyInUseIsNamedInTheError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TargetConfig config = config("go", 1, 64 * MIB, false, taken.getLocalPort());
      assertThatThrownBy(() -> launcher.start(config, support.labels("busy-port")))
          .isInstanceOf(TargetException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("already in use")
          .hasMessageContaining("target.port");
    }
    assertThat(support.containersOfThisAgent(docker)).as("the failed container is removed").isEmpty();
  }

  @Test
  void aTargetThatAnswers404OnItsHealthPathFailsAtOnceAndCarriesItsOutputTail() {
    TargetConfig config = new TargetConfig("node", 1, 128 * MIB, false, freePort(),
        NetworkMode.BRIDGE, "127.0.0.1", "/no-such-path", Duration.ofSeconds(3));
    assertThatThrownBy(() -> launcher.start(config, support.labels("unhealthy")))
        .isInstanceOfSatisfying(TargetException.class, e -> {
          assertThat(e.getMessage()).contains("answered 404").contains("/no-such-path")
              .contains("waiting will not change");
          assertThat(e.outputTail()).contains("listening on port " + config.port());
        });
    assertThat(support.containersOfThisAgent(docker)).isEmpty();
  }

  @Test
  void anAllowedImageThatExitsEarlyReportsItsExitCodeAndLogTail() throws Exception {
    // An allowed image whose command fails at once, built on the offline node image.
    String nodeImage = launcher.images().ensure(ServerSources.embedded(BuiltInServer.NODE)).tag();
    String crasher = support.imagePrefix + "/crasher:1";
    BuildContext context = new BuildContext().addFile("Dockerfile", ("FROM " + nodeImage + "\n"
        + "CMD [\"node\", \"-e\", \"console.error('config file /etc/app.yaml is missing'); process.exit(3)\"]\n")
        .getBytes(StandardCharsets.UTF_8), 0644);
    new ImageBuild(docker).build(context, support.cacheDir, crasher, Map.of());

    try (DockerLauncher allowing = DockerLauncher.connect(support.settings(OfflineImages.AUTO, Set.of(crasher)))) {
      TargetConfig config = config(crasher, 1, 128 * MIB, false, freePort());
      assertThatThrownBy(() -> allowing.start(config, support.labels("crasher")))
          .isInstanceOfSatisfying(TargetException.class, e -> {
            assertThat(e.getMessage()).contains("exited with code 3").contains("127.0.0.1:" + config.port());
            assertThat(e.outputTail()).contains("config file /etc/app.yaml is missing");
          });
    }
    assertThat(support.containersOfThisAgent(docker)).as("the dead container is removed").isEmpty();
  }

  @Test
  void hostNetworkingServesOnTheBindHostWithoutAPublishedPort() throws Exception {
    TargetConfig config = new TargetConfig("go", 1, 64 * MIB, false, freePort(), NetworkMode.HOST, "127.0.0.1",
        "/json", DockerItSupport.HEALTH_TIMEOUT);
    try (RunningTarget target = launcher.start(config, support.labels("host-network"))) {
      HostConfig host = docker.inspectContainerCmd(target.handle()).exec().getHostConfig();
      assertThat(host.getNetworkMode()).isEqualTo("host");
      assertThat(get(config.port(), "/json").body()).contains("Hello from Go!");
    }
  }

  @Test
  void aPortInUseOnTheHostsNetworkIsNamedInTheError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TargetConfig config = new TargetConfig("go", 1, 64 * MIB, false, taken.getLocalPort(), NetworkMode.HOST,
          "127.0.0.1", "/json", DockerItSupport.HEALTH_TIMEOUT);
      assertThatThrownBy(() -> launcher.start(config, support.labels("host-busy-port")))
          .isInstanceOfSatisfying(TargetException.class, e -> {
            assertThat(e.getMessage()).contains("Port 127.0.0.1:" + taken.getLocalPort() + " is already in use")
                .contains("target.port");
            assertThat(e.outputTail()).contains("address already in use");
          });
    }
    assertThat(support.containersOfThisAgent(docker)).isEmpty();
  }

  @Test
  void theEnginesStatsStreamMetersLikeTheCgroupFiles() throws Exception {
    TargetConfig config = config("go", 0.5, 64 * MIB, false, freePort());
    try (RunningTarget target = launcher.start(config, support.labels("stream-meter"));
        StatsStreamMeter stream = StatsStreamMeter.start(docker, target.handle())) {
      assertThat(((DockerTarget) target).meterSource()).isEqualTo("cgroup v1 files");
      RunningTarget streamMetered = new MeteredBy(target, stream);
      List<ResourceSample> samples = sampleWhileLoading(streamMetered, config.port(), Duration.ofSeconds(4));
      LOG.info("go at cpus 0.5 under wrk, metered by the stats stream: {}", samples);
      double peak = samples.stream().mapToDouble(ResourceSample::cpuPercent).max().orElseThrow();
      assertThat(peak).as("peak CPU %% by the stream, samples %s", samples).isGreaterThan(1).isLessThanOrEqualTo(60);
      assertThat(samples).allSatisfy(sample -> assertThat(sample.processes()).isEqualTo(1));
      assertThat(samples.get(samples.size() - 1).memoryBytes()).isBetween(1L, 64 * MIB);
    }
  }

  @Test
  void anImageOffTheAllowListIsRefused() {
    assertThatThrownBy(() -> launcher.start(config("nginx:alpine", 1, 0, false, freePort()), support.labels("x")))
        .isInstanceOf(TargetException.class)
        .hasMessage("Image 'nginx:alpine' is not on this agent's allow-list (--allow-image)");
  }

  @Test
  void onlyTheContainersOfAnAgentWhoseProcessEndedAreRemovedAtStartUp() throws Exception {
    // Two instances of one agent name: one whose process has ended (it crashed, its targets were
    // never closed), and this live one.
    AgentInstance crashed = EndedAgents.one();
    RunningTarget first = launcher.start(config("go", 0.5, 64 * MIB, false, freePort()), support.labels("crash-a", crashed));
    RunningTarget second = launcher.start(config("go", 0.5, 64 * MIB, false, freePort()), support.labels("crash-b", crashed));
    int livePort = freePort();
    try (RunningTarget live = launcher.start(config("go", 0.5, 64 * MIB, false, livePort), support.labels("live"));
        DockerLauncher restarted = DockerLauncher.connect(support.settings(OfflineImages.AUTO, Set.of()))) {
      List<String> removed = restarted.removeLeftovers();
      assertThat(removed).containsExactlyInAnyOrder(((DockerTarget) first).name(), ((DockerTarget) second).name());
      assertThat(support.containersOfThisAgent(docker)).extracting(c -> c.getId()).containsExactly(live.handle());
      assertThat(get(livePort, "/json").statusCode()).isEqualTo(200);
    }
    assertThat(support.containersOfThisAgent(docker)).isEmpty();
    first.close(); // already gone: closing must not fail
    second.close();
  }

  /** A target whose samples come from another meter. */
  private record MeteredBy(RunningTarget target, ContainerMeter meter) implements RunningTarget {
    @Override public String handle() { return target.handle(); }
    @Override public String image() { return target.image(); }
    @Override public double cpus() { return target.cpus(); }
    @Override public long memoryBytes() { return target.memoryBytes(); }
    @Override public List<String> warnings() { return target.warnings(); }
    @Override public String runtimeVersion() { return target.runtimeVersion(); }
    @Override public ResourceSample sample() { return meter.sample(); }
    @Override public String outputTail(int lines) { return target.outputTail(lines); }
    @Override public void close() { meter.close(); }
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Runs wrk against the target for {@code duration}, sampling once a second meanwhile. */
  static List<ResourceSample> sampleWhileLoading(RunningTarget target, int port, Duration duration)
      throws IOException, InterruptedException {
    List<ResourceSample> samples = new CopyOnWriteArrayList<>();
    target.sample(); // start the CPU interval now, not at container start
    Process wrk = new ProcessBuilder("wrk", "-t1", "-c32", "-d" + duration.toSeconds() + "s",
        "http://127.0.0.1:" + port + "/json")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    List<Long> sampleMillis = new CopyOnWriteArrayList<>();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    try {
      sampler.scheduleAtFixedRate(() -> {
        long started = System.nanoTime();
        samples.add(target.sample());
        sampleMillis.add((System.nanoTime() - started) / 1_000_000);
      }, 1, 1, TimeUnit.SECONDS);
      if (!wrk.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
        throw new AssertionError("wrk did not finish");
      }
    } finally {
      wrk.destroyForcibly();
      sampler.shutdownNow();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
    }
    assertThat(wrk.exitValue()).as("wrk exit code").isZero();
    assertThat(samples).as("samples taken during load").hasSizeGreaterThanOrEqualTo((int) duration.toSeconds() - 1);
    LOG.info("sample() took {} ms", sampleMillis);
    // Called once a second, a sample must take well under a second even on a loaded box.
    assertThat(sampleMillis).as("milliseconds per sample()").allMatch(millis -> millis < 500);
    return List.copyOf(samples);
  }

  /** The engine's own count of CFS periods in which the container's quota was exhausted. */
  private long throttledPeriods(String containerId) throws Exception {
    AtomicReference<Statistics> reading = new AtomicReference<>();
    try (ResultCallback.Adapter<Statistics> stats = docker.statsCmd(containerId).withNoStream(true)
        .exec(new ResultCallback.Adapter<>() {
          @Override
          public void onNext(Statistics statistics) {
            reading.set(statistics);
          }
        })) {
      assertThat(stats.awaitCompletion(30, TimeUnit.SECONDS)).as("docker stats answered").isTrue();
    }
    return reading.get().getCpuStats().getThrottlingData().getThrottledPeriods();
  }

  private static int awaitProcesses(RunningTarget target, int wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int processes = target.sample().processes();
    while (processes < wanted && System.nanoTime() < deadline) {
      // Polling the container: nothing to wait on but its process table.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      processes = target.sample().processes();
    }
    return processes;
  }

}
