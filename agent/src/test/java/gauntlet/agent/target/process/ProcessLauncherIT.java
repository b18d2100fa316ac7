package gauntlet.agent.target.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gauntlet.agent.target.AgentInstance;
import gauntlet.agent.target.EndedAgents;
import gauntlet.agent.target.GoServerBuild;
import gauntlet.agent.target.HostRuntimes;
import gauntlet.agent.target.NetworkMode;
import gauntlet.agent.target.ResourceSample;
import gauntlet.agent.target.RunningTarget;
import gauntlet.agent.target.StartCancellation;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessLauncherIT {
  /** Fake runtimes answer the version query like the real one. */
  private static final String VERSION = "#!/bin/sh\n[ \"$1\" = --version ] && { echo v20.0.0-fake; exit 0; }\n";
  /** Only this class's agent name: other agents on the machine keep their cgroups. */
  private static final String AGENT = "it-" + Long.toHexString(System.nanoTime());
  private static final TargetLabels LABELS = new TargetLabels("test-run", "test-session", AGENT, "cell",
      AgentInstance.create());
  @TempDir
  static Path work;
  private static ProcessLauncher launcher;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void setUp() {
    HostRuntimes runtimes = HostRuntimes.detect();
    launcher = new ProcessLauncher(AGENT, work.resolve("targets"), runtimes,
        new GoServerBuild(work.resolve("cache"), runtimes));
  }

  @AfterAll
  static void noCgroupIsLeft() throws IOException {
    assertThat(gauntletCgroups()).isEmpty();
  }

  static TargetConfig config(String runtime, double cpus, boolean cluster, int port) {
    return new TargetConfig(runtime, cpus, 512L << 20, cluster, port, NetworkMode.BRIDGE, "127.0.0.1", "/json",
        Duration.ofSeconds(60));
  }

  @ParameterizedTest
  @CsvSource({"node,Node", "bun,Bun", "go,Go"})
  void builtInServerAnswersTheArticlesJsonAndNothingElse(String runtime, String name) throws Exception {
    int port = freePort();
    long pid;
    try (RunningTarget target = launcher.start(config(runtime, 1, false, port), LABELS)) {
      pid = Long.parseLong(target.handle().replace("pid ", ""));
      HttpResponse<String> json = get(port, "/json");
      assertThat(json.statusCode()).isEqualTo(200);
      assertThat(json.body()).isEqualTo("{\"message\":\"Hello from " + name + "!\"}");
      assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(get(port, "/other").statusCode()).isEqualTo(404);
      assertThat(target.runtimeVersion()).isNotBlank();
      assertThat(target.sample().processes()).isEqualTo(1);
    }
    assertThat(ProcessHandle.of(pid)).as("the server is gone after close").isEmpty();
    assertThatThrownBy(() -> get(port, "/json")).isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @CsvSource({"node", "bun"})
  void clusteredServerRunsAProcessPerCpuPlusItsLauncher(String runtime) throws Exception {
    int port = freePort();
    List<Long> pids = new ArrayList<>();
    try (RunningTarget target = launcher.start(config(runtime, 2, true, port), LABELS)) {
      ResourceSample sample = target.sample();
      assertThat(sample.processes()).isEqualTo(3);
      assertThat(get(port, "/json").statusCode()).isEqualTo(200);
      ProcessHandle.of(Long.parseLong(target.handle().replace("pid ", "")))
          .ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
    }
    // Stopped: gone, or zombies waiting for an init that reaps them (not every sandbox has one).
    assertThat(pids).hasSize(2).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcStat::running)).isEmpty());
  }

  @Test
  void cpuQuotaCapsATargetThatWouldUseEveryCore(@TempDir Path dir) throws Exception {
    // A "node" that first starts two busy loops: unlimited, it takes both cores of this machine.
    Path burner = script(dir, "burning-node", VERSION + "timeout 30 sh -c 'while :; do :; done' &\ntimeout 30 sh -c 'while :; do :; done' &\n"
        + "exec " + HostRuntimes.detect().status("node").require() + " \"$@\"\n");
    ProcessLauncher withBurner = launcherWith(dir, burner);

    double capped = cpuOverASecondAndAHalf(withBurner, 1);
    double unlimited = cpuOverASecondAndAHalf(withBurner, 0);

    // Capped, the busy loops share one core; uncapped they take more than one (two on an idle machine):
    // the quota, not a lack of work, is what held them.
    assertThat(capped).as("CPU %% with a 1-CPU quota").isLessThanOrEqualTo(110.0);
    assertThat(unlimited).as("CPU %% without a quota").isGreaterThan(Math.max(capped * 1.2, 40));
    assertThat(processesRunning(burner)).isEmpty();
  }

  private static double cpuOverASecondAndAHalf(ProcessLauncher launcher, double cpus) throws Exception {
    try (RunningTarget target = launcher.start(config("node", cpus, false, freePort()), LABELS)) {
      assertThat(target.warnings()).isEmpty();
      Path group = gauntletCgroups().stream().filter(p -> p.toString().contains("/cpu/")).findFirst().orElseThrow();
      if (cpus > 0) {
        assertThat(Files.readString(group.resolve("cpu.cfs_quota_us")).trim())
            .isEqualTo(Long.toString((long) (cpus * 100_000)));
      }
      // A heavy weight, so that other work on a busy machine cannot be what holds the loops back.
      Files.writeString(group.resolve("cpu.shares"), "10240");
      target.sample();
      // Measuring CPU over a window: nothing to wait for but the window itself.
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1500));
      ResourceSample sample = target.sample();
      // node, and each busy loop under its `timeout`: 1 + 2 x 2.
      assertThat(sample.processes()).isEqualTo(5);
      return sample.cpuPercent();
    }
  }

  @Test
  void serverThatNeverAnswersFailsWithItsOutputAndLeavesNothing(@TempDir Path dir) throws Exception {
    Path fake = script(dir, "fake-node", VERSION + "echo 'listening soon, honest'\necho 'stuck in init' >&2\nexec node -e 'setInterval(() => {}, 1 << 30)' \"$0\"\n");
    ProcessLauncher withFake = launcherWith(dir, fake);
    int port = freePort();
    TargetConfig config = new TargetConfig("node", 1, 512L << 20, false, port, NetworkMode.BRIDGE, "127.0.0.1", "/json",
        Duration.ofSeconds(2));
    assertThatThrownBy(() -> withFake.start(config, LABELS))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("did not answer 200 on http://127.0.0.1:" + port + "/json within 2 s")
        .satisfies(e -> assertThat(((TargetException) e).outputTail()).contains("listening soon, honest", "stuck in init"));
    assertThat(processesRunning(fake)).isEmpty();
    assertThat(gauntletCgroups()).isEmpty();
  }

  @Test
  void serverThatExitsAtOnceIsReportedWithoutWaitingForTheTimeout(@TempDir Path dir) throws Exception {
    Path fake = script(dir, "fake-node", VERSION + "echo 'Error: Cannot find module express' >&2\nexit 1\n");
    ProcessLauncher withFake = launcherWith(dir, fake);
    long started = System.nanoTime();
    assertThatThrownBy(() -> withFake.start(config("node", 1, false, freePort()), LABELS))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("exited before it answered")
        .satisfies(e -> assertThat(((TargetException) e).describe()).contains("Cannot find module express"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void busyPortIsRefusedBeforeAnythingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> launcher.start(config("go", 1, false, port), LABELS))
          .isInstanceOf(TargetException.class)
          .hasMessage("Port " + port + " on 127.0.0.1 is already in use by another program; stop it or choose another "
              + "target.port in the plan");
    }
  }

  @Test
  void imagesAreNotForTheProcessLauncher() {
    assertThatThrownBy(() -> launcher.start(config("nginx:alpine", 1, false, 3000), LABELS))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("runs only node, bun, go, not 'nginx:alpine'; use launcher: docker");
  }

  @Test
  void aStartCalledOffDuringTheHealthWaitStopsTheServerAtOnce(@TempDir Path dir) throws Exception {
    // A server that answers 404 fails its start at once (that answer will not change), so the
    // never-healthy target is a "node" that runs and never listens: the health wait lasts its timeout.
    Path silentNode = script(dir, "silent-node", "#!/bin/sh\n[ \"$1\" = --version ] && { echo v20.0.0; exit 0; }\nexec node -e 'setInterval(() => {}, 1 << 30)' \"$0\"\n");
    HostRuntimes runtimes = HostRuntimes.detect(Map.of("GAUNTLET_NODE", silentNode.toString(),
        "PATH", System.getenv().getOrDefault("PATH", "")), dir);
    Path targets = dir.resolve("targets");
    ProcessLauncher own = new ProcessLauncher(AGENT, targets, runtimes, new GoServerBuild(dir.resolve("cache"), runtimes));
    int port = freePort();
    TargetConfig neverHealthy = new TargetConfig("node", 1, 512L << 20, false, port, NetworkMode.BRIDGE, "127.0.0.1",
        "/json", Duration.ofMinutes(10));
    StartCancellation cancellation = new StartCancellation();
    CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
      try (RunningTarget started = own.start(neverHealthy, LABELS, cancellation)) {
        return new AssertionError("a server that never listens was reported healthy");
      } catch (TargetException | RuntimeException e) {
        return e;
      }
    });
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (processesRunning(silentNode).stream().noneMatch(ProcessHandle::isAlive)) {
      assertThat(System.nanoTime()).as("the server never started").isLessThan(deadline);
      assertThat(failure).as("the start ended before its server ran").isNotDone();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }

    long calledOff = System.nanoTime();
    cancellation.cancel("its session ended");
    Throwable thrown = failure.get(1, TimeUnit.MINUTES);
    long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - calledOff);

    System.out.printf("process target called off during its health wait: stopped after %d ms%n", stoppedMs);
    assertThat(thrown).isInstanceOf(TargetException.class).hasMessageContaining("Stopped waiting for the node process")
        .hasMessageEndingWith(": its session ended");
    assertThat(processesRunning(silentNode)).as("the server after the start was called off").filteredOn(ProcessHandle::isAlive)
        .isEmpty();
    try (Stream<Path> left = Files.list(targets)) {
      assertThat(left.toList()).as("target folders").isEmpty();
    }
  }

  private boolean answers(int port) {
    try {
      get(port, "/");
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * An agent killed with -9 leaves its targets running (without a cgroup they become children of
   * init) and their folders behind; the next agent stops them and frees their folders and ports,
   * and leaves alone the targets of a live agent of the same name in the same folder.
   */
  @ParameterizedTest(name = "cgroups writable: {0}")
  @ValueSource(booleans = {true, false})
  void targetsOfAnAgentWhoseProcessEndedAreStoppedAndRemovedAtStartUp(boolean cgroups, @TempDir Path dir)
      throws Exception {
    // No cgroup file system where the launcher looks: the fallback of agents under ip netns exec.
    Path cgroupRoot = cgroups ? Path.of("/sys/fs/cgroup") : dir.resolve("no-cgroup-fs");
    HostRuntimes runtimes = HostRuntimes.detect();
    GoServerBuild goBuild = new GoServerBuild(dir.resolve("cache"), runtimes);
    Path targets = dir.resolve("targets");
    ProcessLauncher crashed = new ProcessLauncher(AGENT, targets, runtimes, goBuild, cgroupRoot);
    int port = freePort();
    RunningTarget orphan = crashed.start(config("node", 2, true, port),
        new TargetLabels("crashed-run", "crashed-session", AGENT, "orphan", EndedAgents.one()));
    try {
      boolean fellBack = orphan.warnings().stream().anyMatch(w -> w.contains("cgroups are not writable"));
      assumeTrue(cgroups != fellBack || !cgroups, "cgroups are not writable for this test here");
      assertThat(fellBack).as("the launcher's fallback to affinity, warnings " + orphan.warnings()).isEqualTo(!cgroups);
      ProcessHandle server = ProcessHandle.of(Long.parseLong(orphan.handle().replace("pid ", ""))).orElseThrow();
      List<ProcessHandle> orphanProcesses = new ArrayList<>(server.descendants().toList());
      orphanProcesses.add(server);
      assertThat(orphanProcesses).as("a cluster primary and its workers").hasSizeGreaterThanOrEqualTo(3);
      int livePort = freePort();
      try (RunningTarget live = launcher.start(config("node", 1, false, livePort), LABELS)) {
        ProcessLauncher liveInSameFolder = new ProcessLauncher(AGENT, targets, runtimes, goBuild, cgroupRoot);
        try (RunningTarget sameFolder = liveInSameFolder.start(config("go", 1, false, freePort()), LABELS)) {
          List<String> removed = new ProcessLauncher(AGENT, targets, runtimes, goBuild, cgroupRoot).removeLeftovers();

          assertThat(removed).singleElement().asString()
              .contains("target of agent '" + AGENT + "'", "run 'crashed-run'", "stopped server pid " + server.pid(),
                  "removed folder " + targets);
          for (ProcessHandle process : orphanProcesses) {
            process.onExit().get(10, TimeUnit.SECONDS);
          }
          try (Stream<Path> left = Files.list(targets)) {
            assertThat(left.toList()).as("target folders").hasSize(1);
          }
          assertThat(get(livePort, "/json").statusCode()).isEqualTo(200);
          // The port the orphan held serves the next run.
          try (RunningTarget next = launcher.start(config("node", 1, false, port), LABELS)) {
            assertThat(get(port, "/json").statusCode()).isEqualTo(200);
          }
          assertThat(sameFolder.sample().processes()).isEqualTo(1);
        }
      }
    } finally {
      orphan.close(); // stopped already when the test passes: closing must not fail
    }
  }

  private ProcessLauncher launcherWith(Path dir, Path fakeNode) {
    HostRuntimes fake = HostRuntimes.detect(Map.of("GAUNTLET_NODE", fakeNode.toString(), "PATH", ""), dir);
    return new ProcessLauncher(AGENT, dir.resolve("targets"), fake, new GoServerBuild(dir.resolve("cache"), fake));
  }

  private static Path script(Path dir, String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static List<ProcessHandle> processesRunning(Path script) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(script.toString())).orElse(false)).toList();
  }

  static List<Path> gauntletCgroups() throws IOException {
    List<Path> found = new ArrayList<>();
    for (String controller : List.of("cpu", "cpuacct", "memory")) {
      Path root = Path.of("/sys/fs/cgroup", controller);
      if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root, 4)) {
          walk.filter(p -> p.getFileName().toString().startsWith("gauntlet-" + AGENT + "--")).forEach(found::add);
        }
      }
    }
    return found;
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  static int freePort() throws IOException {
    return gauntlet.agent.target.ServerPorts.freeLoopbackPort();
  }
}
