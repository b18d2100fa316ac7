package gauntlet.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.core.WallClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Runs the real controller ({@code gauntlet run}, its own JVM) against simulated agents served by
 * this process, measures it while it merges, then checks its results against what was sent.
 *
 * <p>Usage: {@code ControllerScaleBench AGENTS SECONDS GAUNTLET_JAR WORK_DIR [JAVA_OPTION...]}.
 */
public final class ControllerScaleBench {
  private static final long SECOND = 1_000_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param agents simulated load agents (one more serves the target)
   * @param seconds measured seconds (one second of warm-up comes before)
   * @param controllerJar cli/target/gauntlet.jar
   * @param work an empty directory for the plan, the controller's output and results
   * @param javaOptions options for the controller's JVM
   */
  public record Settings(int agents, int seconds, Path controllerJar, Path work, List<String> javaOptions) {
    static final int WARMUP_SECONDS = 1;

    public Settings {
      if (seconds < 2) {
        throw new IllegalArgumentException(
            "SECONDS must be at least 2 (the window is one second shorter), not " + seconds);
      }
    }
  }

  private ControllerScaleBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: ControllerScaleBench AGENTS SECONDS GAUNTLET_JAR WORK_DIR [JAVA_OPTION...]");
      System.exit(2);
    }
    Settings settings = new Settings(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Path.of(args[2]),
        Path.of(args[3]), List.of(args).subList(4, args.length));
    warmUpFarm(settings, Integer.getInteger("gauntlet.scale.farmWarmupAgents", 0));
    ScaleReport report = run(settings);
    System.out.print(report.render());
    System.exit(report.exact() && report.controllerExit() == 0 ? 0 : 1);
  }

  /**
   * Runs a cell of {@code agents} simulated agents first, on a farm of its own, against a controller
   * of its own, so that the farm measured next is compiled already. A thousand real agents are a
   * thousand processes on their own machines: the one JVM that simulates them here compiling its
   * session and probe handlers (0.66 s of CPU in a 1,000-agent start) would be charged to the
   * controller's start, on the cores they share. The controller measured next starts cold, as a
   * real one does.
   */
  private static void warmUpFarm(Settings settings, int agents) throws IOException, InterruptedException {
    if (agents <= 0) {
      return;
    }
    Path work = Files.createDirectories(settings.work().resolve("farm-warmup"));
    ScaleReport warm = run(new Settings(agents, 2, settings.controllerJar(), work, settings.javaOptions()));
    if (!warm.exact() || warm.controllerExit() != 0) {
      System.err.print("controller-scale: the farm's warm-up cell failed:\n" + warm.render());
      System.exit(1);
    }
    System.err.println("controller-scale: the simulated agents' JVM warmed up on a cell of " + agents
        + " agents first (FARM_WARMUP=0: none)");
  }

  public static ScaleReport run(Settings settings) throws IOException, InterruptedException {
    IntervalShapes shapes = new IntervalShapes(64, 16);
    try (AgentFarm farm = new AgentFarm(settings.agents(), shapes, 4)) {
      Path plan = settings.work().resolve("plan.yaml");
      Files.writeString(plan, plan(farm, settings));
      Path results = settings.work().resolve("results");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(launcherJit(plan));
      command.addAll(settings.javaOptions());
      command.addAll(List.of("-jar", settings.controllerJar().toString(), "run", plan.toString(),
          "--out", results.toString()));
      // CONTROLLER_RUN_ARGS (bench/controller-scale.sh): more of run's own flags, e.g. --lease 60s.
      String runArgs = System.getProperty("gauntlet.scale.runArgs", "").trim();
      if (!runArgs.isEmpty()) {
        command.addAll(List.of(runArgs.split("\\s+")));
      }
      Process controller = new ProcessBuilder(command)
          .redirectOutput(settings.work().resolve("controller.out").toFile())
          .redirectError(settings.work().resolve("controller.err").toFile())
          .start();
      try {
        return measure(settings, farm, shapes, controller, results);
      } finally {
        controller.destroy();
        if (!controller.waitFor(30, TimeUnit.SECONDS)) {
          controller.destroyForcibly().waitFor();
        }
      }
    }
  }

  /**
   * The JIT option the launchers start {@code run} of this plan with (scripts/jvm-options.sh's
   * {@code gauntlet_jit}, which reads GAUNTLET_JIT), when the property {@code
   * gauntlet.scale.launcherOptions} names that script (bench/controller-scale.sh sets it); none
   * otherwise. The controller's own options come after it, so they can override it.
   */
  private static List<String> launcherJit(Path plan) throws IOException, InterruptedException {
    String script = System.getProperty("gauntlet.scale.launcherOptions", "");
    if (script.isEmpty()) {
      return List.of();
    }
    Process sh = new ProcessBuilder("sh", "-c", ". \"$0\"; gauntlet_jit run \"$1\"", script, plan.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(sh.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    if (sh.waitFor() != 0) {
      throw new IllegalStateException("gauntlet_jit in " + script + " exited " + sh.exitValue() + " for " + plan);
    }
    return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
  }

  private static ScaleReport measure(Settings settings, AgentFarm farm, IntervalShapes shapes, Process controller,
      Path results) throws IOException, InterruptedException {
    FarmLog log = farm.log();
    long patience = 120 + settings.agents() / 10;
    ProcessProbe probe = new ProcessProbe(controller.pid());
    ProcessProbe farmProbe = new ProcessProbe(ProcessHandle.current().pid());
    // Both processes' CPU at the first contact: the start's window is what each spends after it.
    boolean contacted = log.firstContact.await(patience, TimeUnit.SECONDS);
    ProcessProbe.Reading atContact = probe.read();
    ProcessProbe.Reading farmAtContact = farmProbe.read();
    if (!contacted || !log.loadsAsked.await(patience, TimeUnit.SECONDS)) {
      throw new IllegalStateException("The controller did not ask all " + settings.agents() + " agents for load within "
          + patience + " s (" + (settings.agents() - log.loadsAsked.getCount()) + " asked; exit "
          + (controller.isAlive() ? "none yet" : controller.exitValue()) + "); see " + settings.work()
          + "/controller.err");
    }
    // CPU, not wall time, of getting every agent its start: on a loaded machine the wall time is
    // mostly waiting for a core; this is what the controller itself spent (JVM start included).
    ProcessProbe.Reading atStart = probe.read();
    ProcessProbe.Reading farmAtStart = farmProbe.read();
    double cpuToStart = atStart.processCpuSeconds();
    double farmCpuToStart = farmAtStart.processCpuSeconds();
    StartCpu startCpu = new StartCpu(cpuToStart - atContact.processCpuSeconds(),
        farmCpuToStart - farmAtContact.processCpuSeconds(), ProcessProbe.byThreadGroup(atContact, atStart),
        ProcessProbe.byThreadGroup(farmAtContact, farmAtStart));
    List<Long> agreed = log.sent.values().stream().map(a -> a.agreedTrueNanos).sorted().toList();
    long agreedTrue = agreed.get(agreed.size() / 2);
    long measuredStart = agreedTrue + Settings.WARMUP_SECONDS * SECOND;
    // Half a second off each interval boundary: the window holds `seconds` - 1 report bursts, and
    // not the cell's end (the last burst, the results, the ledger), which comes once per cell.
    awaitWall(measuredStart + SECOND / 2);
    ProcessProbe.Reading before = probe.read();
    awaitWall(measuredStart + settings.seconds() * SECOND - SECOND / 2);
    ProcessProbe.Reading after = probe.read();
    long rss = probe.statusBytes("VmRSS");
    long peak = probe.statusBytes("VmHWM");
    long heap = probe.heapUsedBytes();
    double window = (after.atNanos() - before.atNanos()) / 1e9;
    double cpu = (after.processCpuSeconds() - before.processCpuSeconds()) / window;

    long limit = settings.seconds() + 120L;
    double cpuAfterWindow = probe.processCpuSecondsUntilExit(controller, limit) - after.processCpuSeconds();
    if (!controller.waitFor(limit, TimeUnit.SECONDS)) {
      throw new IllegalStateException("The controller did not finish within " + limit + " s of the load's end; see "
          + settings.work() + "/controller.err");
    }
    int exit = controller.exitValue();
    List<String> problems = new ArrayList<>();
    JsonNode cell = cell(results, problems);
    long sentRequests = log.sent.values().stream().mapToLong(a -> a.requests.get()).sum();
    long sentIntervals = log.sent.values().stream().mapToLong(a -> a.intervals.get()).sum();
    long merged = cell == null ? -1 : cell.path("requests").asLong(-1);
    List<Double> controllerSkew = new ArrayList<>();
    if (cell != null) {
      checkCounts(cell, log, settings, problems, controllerSkew);
      checkHistogram(results, log, shapes, problems);
    }
    List<Double> skew = log.sent.values().stream()
        .map(a -> (a.startedTrueNanos - a.agreedTrueNanos) / 1e6).toList();
    long lastRunLoad = log.lastRunLoad.get();
    long first = log.firstContact.get();
    return new ScaleReport(settings.agents(), settings.seconds(), exit, cpu, window, cpuAfterWindow,
        ProcessProbe.byThreadGroup(before, after), rss, peak, heap, after.threads().size(), ProcessProbe.threadCounts(after),
        cpuToStart, farmCpuToStart, startCpu, log.describes.get(), (log.lastClock.get() - first) / 1e9, log.clockProbes.get(), (log.lastSessionOpened.get() - first) / 1e9,
        (lastRunLoad - first) / 1e9, (lastRunLoad - log.firstRunLoad.get()) / 1e9,
        (agreedTrue - lastRunLoad) / 1e6, skew, controllerSkew, offsetErrors(results, farm), sentRequests, merged,
        sentIntervals, shapes.meanEncodedBytes(), problems);
  }

  /** Waits for an instant of the wall clock (the controller's and the agents' clock here). */
  private static void awaitWall(long unixNanos) {
    for (long left; (left = unixNanos - WallClock.nowUnixNanos()) > 0; ) {
      LockSupport.parkNanos(left);
    }
  }

  private static String plan(AgentFarm farm, Settings settings) {
    StringBuilder s = new StringBuilder("name: controller-scale\nagents:\n");
    farm.ports().forEach((name, port) -> s.append("  ").append(name).append(": 127.0.0.1:").append(port).append('\n'));
    s.append("""
        target:
          agent: target
          runtime: [go]
          launcher: process
          cpus: 1
          memory: 256m
          port: 9
        load:
          url: http://{target}:9/
          threads: 1
          connections: 64
          duration: %ds
          warmup: %ds
          probe: 0s
          agents:
        """.formatted(settings.seconds(), Settings.WARMUP_SECONDS));
    farm.ports().keySet().stream().filter(n -> !n.equals("target"))
        .forEach(n -> s.append("    - ").append(n).append('\n'));
    return s.toString();
  }

  private static JsonNode cell(Path results, List<String> problems) throws IOException {
    Path json = results.resolve("results.json");
    if (!Files.exists(json)) {
      problems.add("the controller wrote no " + json);
      return null;
    }
    JsonNode cells = JSON.readTree(json.toFile()).path("cells");
    if (cells.size() != 1 || !"ok".equals(cells.get(0).path("status").asText())) {
      problems.add("the cell did not finish ok: " + (cells.size() == 1 ? cells.get(0).path("failure").asText() : cells));
      return cells.size() == 1 ? cells.get(0) : null;
    }
    return cells.get(0);
  }

  private static void checkCounts(JsonNode cell, FarmLog log, Settings settings, List<String> problems,
      List<Double> controllerSkew) {
    long requests = 0;
    long bytes = 0;
    long status = 0;
    int seen = 0;
    for (JsonNode a : cell.path("load_agents")) {
      String name = a.path("agent").asText();
      FarmLog.AgentSent sent = log.sent.get(name);
      if (sent == null) {
        problems.add("results.json has load agent " + name + ", to which no load was sent");
        continue;
      }
      seen++;
      if (sent.intervals.get() != settings.seconds()) {
        problems.add(name + " sent " + sent.intervals.get() + " measured intervals, not " + settings.seconds());
      }
      expect(problems, name + " requests", sent.requests.get(), a.path("requests").asLong(-1));
      expect(problems, name + " bytes", sent.bytes.get(), a.path("bytes").asLong(-1));
      expect(problems, name + " status errors", sent.statusErrors.get(), a.path("errors").path("status").asLong(-1));
      controllerSkew.add(a.path("start_skew_ms").asDouble());
      requests += sent.requests.get();
      bytes += sent.bytes.get();
      status += sent.statusErrors.get();
    }
    if (seen != settings.agents()) {
      problems.add("results.json lists " + seen + " of the " + settings.agents() + " load agents");
    }
    expect(problems, "cell requests", requests, cell.path("requests").asLong(-1));
    expect(problems, "cell bytes", bytes, cell.path("bytes").asLong(-1));
    expect(problems, "cell status errors", status, cell.path("errors").path("status").asLong(-1));
    long perSecond = 0;
    for (JsonNode second : cell.path("timeline").path("load")) {
      perSecond += second.path("requests").asLong();
    }
    expect(problems, "sum of the timeline's seconds", requests, perSecond);
  }

  private static void expect(List<String> problems, String what, long sent, long merged) {
    if (sent != merged) {
      problems.add(what + ": merged " + merged + ", sent " + sent);
    }
  }

  /** The .hlog's intervals must add up to exactly the histograms sent, value by value. */
  private static void checkHistogram(Path results, FarmLog log, IntervalShapes shapes, List<String> problems)
      throws IOException {
    Histogram expected = gauntlet.wire.LatencyHistograms.create();
    for (int i = 0; i < shapes.size(); i++) {
      long uses = log.shapeUses.get(i);
      Histogram h = shapes.get(i).histogram();
      for (long u = 0; u < uses; u++) {
        expected.add(h);
      }
    }
    List<Path> hlogs;
    try (Stream<Path> files = Files.list(results)) {
      hlogs = files.filter(p -> p.toString().endsWith(".hlog")).toList();
    }
    if (hlogs.size() != 1) {
      problems.add("expected one .hlog in " + results + ", found " + hlogs.size());
      return;
    }
    Histogram merged = gauntlet.wire.LatencyHistograms.create();
    try (InputStream in = Files.newInputStream(hlogs.get(0))) {
      HistogramLogReader reader = new HistogramLogReader(in);
      for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
        merged.add((Histogram) h);
      }
    }
    if (merged.getTotalCount() != expected.getTotalCount() || !merged.equals(expected)) {
      problems.add("the .hlog's merged histogram (" + merged.getTotalCount() + " values, p99 "
          + merged.getValueAtPercentile(99) + " us) differs from the histograms sent (" + expected.getTotalCount()
          + " values, p99 " + expected.getValueAtPercentile(99) + " us)");
    }
  }

  private static List<Double> offsetErrors(Path results, AgentFarm farm) throws IOException {
    Path json = results.resolve("results.json");
    if (!Files.exists(json)) {
      return List.of();
    }
    Map<String, Double> estimated = new HashMap<>();
    for (JsonNode a : JSON.readTree(json.toFile()).path("agents")) {
      estimated.put(a.path("name").asText(), a.path("clock_offset_ms").asDouble());
    }
    List<Double> errors = new ArrayList<>();
    farm.offsets().forEach((name, offset) -> {
      Double e = estimated.get(name);
      if (e != null) {
        errors.add(e - offset / 1e6);
      }
    });
    return errors;
  }
}
