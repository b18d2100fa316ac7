package gauntlet.controller.run;

import gauntlet.core.IpLiterals;

import gauntlet.core.LoadDefaults;
import java.net.URI;
import gauntlet.core.WallClock;
import gauntlet.core.ErrorCounts;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.LoadPlan;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.report.AgentLoadResult;
import gauntlet.controller.report.CellResult;
import gauntlet.controller.report.CellSetup;
import gauntlet.controller.report.CellTimeline;
import gauntlet.controller.report.HostUsage;
import gauntlet.controller.report.LatencySummary;
import gauntlet.controller.report.LoadPath;
import gauntlet.controller.report.NetworkProbeResult;
import gauntlet.controller.report.TargetUsage;
import gauntlet.v1.LoadReport;
import gauntlet.v1.LoadSpec;
import gauntlet.v1.TargetSpec;
import gauntlet.v1.TargetStarted;
import gauntlet.wire.LatencyHistograms;
import io.grpc.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one matrix cell: start the target, wait until healthy, start the load on every load agent
 * at one agreed instant, merge their interval histograms while showing progress, stop the target.
 */
final class CellRunner {
  private static final Logger log = LoggerFactory.getLogger(CellRunner.class);
  private static final Duration INTERVAL = LoadDefaults.INTERVAL;
  /** Time for images to build on first use, on top of the plan's health timeout. */
  private static final Duration TARGET_START_ALLOWANCE = Duration.ofMinutes(10);
  private static final Duration MIN_START_DELAY = Duration.ofMillis(300);

  private final Plan plan;
  private final AgentPool agents;
  private final NetworkCheck network;
  private final Progress progress;
  private final ScheduledExecutorService scheduler;
  private final CompletableFuture<Void> cancelled;

  CellRunner(Plan plan, AgentPool agents, NetworkCheck network, Progress progress,
      ScheduledExecutorService scheduler, CompletableFuture<Void> cancelled) {
    this.plan = plan;
    this.agents = agents;
    this.network = network;
    this.progress = progress;
    this.scheduler = scheduler;
    this.cancelled = cancelled;
  }

  CellResult run(Cell cell) {
    String targetAgent = plan.target().agent();
    LeasedSession targetSession = agents.session(targetAgent);
    LoadRoutes routes = new LoadRoutes(plan, loadUrl());
    String startedNetwork = routes.startNetwork();
    TargetStarted target;
    // Starting may take minutes (an image build, a slow health check): Ctrl-C must not wait for it.
    // The agent still owns whatever it finishes starting, and stops it when the session ends.
    Context.CancellableContext startCall = Context.current().withCancellation();
    cancelled.whenComplete((done, failure) -> startCall.cancel(null));
    // Nor must a lost agent: the lease, not the transport, says when it is gone.
    targetSession.lost().whenComplete((lost, failure) -> startCall.cancel(null));
    Context previous = startCall.attach();
    try {
      target = targetSession.startTarget(cell.id(), targetSpec(cell, startedNetwork),
          plan.target().healthTimeout().plus(TARGET_START_ALLOWANCE));
    } catch (RunException e) {
      return CellResults.failed(cell, plan.target().launcher(), cancelled.isDone()
          ? "interrupted: the run was cancelled while the target was starting"
          : targetSession.lost().isDone() ? targetSession.lost().join().getMessage() : e.getMessage());
    } finally {
      startCall.detach(previous);
      startCall.close();
    }
    target.getWarningsList().forEach(w -> progress.note(cell.id() + ": " + w));
    try {
      return load(cell, target, targetSession, routes, startedNetwork);
    } catch (RunException e) {
      return CellResults.failed(cell, target.getLauncher(), e.getMessage());
    } finally {
      if (!targetSession.lost().isDone()) {
        try {
          targetSession.stopTarget(target.getTargetId());
        } catch (RunException e) {
          log.warn("Could not stop the target of cell {}: {}", cell.id(), e.getMessage());
        }
      }
    }
  }

  private String loadUrl() {
    return plan.load().url().resolve(plan.targetHost()).toString();
  }

  private CellResult load(Cell cell, TargetStarted target, LeasedSession targetSession, LoadRoutes routes,
      String startedNetwork) {
    LoadPlan load = plan.load();
    URI url = load.url().resolve(plan.targetHost());
    Map<String, LoadRoutes.Route> route = new LinkedHashMap<>();
    for (String agent : load.agents()) {
      LoadRoutes.Route r = routes.route(agent, target, startedNetwork);
      route.put(agent, r);
      progress.note(cell.id() + ": load from " + agent + " to " + r.path().url() + " (" + r.path().path() + ")");
      r.warning().ifPresent(w -> progress.note(cell.id() + ": " + w));
    }
    List<NetworkProbeResult> probes = network.probe(cell, IpLiterals.unbracket(url.getHost()),
        url.getPort() > 0 ? url.getPort() : 80);

    AgentLink targetLink = agents.link(plan.target().agent());
    TargetSamples samples = new TargetSamples(targetLink.clock());
    ServerStream<gauntlet.v1.ResourceSample> watch =
        targetSession.watchTarget(target.getTargetId(), INTERVAL, sample -> {
          samples.add(sample);
          progress.targetSample(cell, sample.getCpuPct(), sample.getMemoryBytes());
        });

    List<String> loaders = load.agents();
    long rtt = loaders.stream().mapToLong(a -> agents.link(a).clock().rttNanos()).max().orElse(0);
    long agreedStart = WallClock.nowUnixNanos() + Math.max(MIN_START_DELAY.toNanos(), 4 * rtt + 100_000_000L);
    long measuredStart = agreedStart + load.warmup().toNanos();
    LoadMerger merger = new LoadMerger(loaders, INTERVAL, measuredStart);

    Map<String, ServerStream<LoadReport>> streams = new LinkedHashMap<>();
    Map<String, Long> startedAt = new LinkedHashMap<>();
    // Per agent, the transport its engine ran on and the note when that was a substitute.
    Map<String, gauntlet.v1.LoadStarted> transports = new java.util.concurrent.ConcurrentHashMap<>();
    List<CompletableFuture<?>> watched = new ArrayList<>();
    ScheduledFuture<?> ticker = null;
    try {
      for (String agent : loaders) {
        AgentLink link = agents.link(agent);
        LoadSpec spec = LoadSpecs.forAgent(load, URI.create(route.get(agent).path().url()), loaders.size());
        ServerStream<LoadReport> stream = agents.session(agent).runLoad(cell.id(), spec,
            link.clock().toAgent(agreedStart), report -> {
              switch (report.getKindCase()) {
                case STARTED -> {
                  merger.started(agent, link.clock(), report.getStarted().getStartedUnixNanos());
                  synchronized (startedAt) {
                    startedAt.put(agent, link.clock().toController(report.getStarted().getStartedUnixNanos()));
                  }
                  transports.put(agent, report.getStarted());
                  if (!report.getStarted().getTransportNote().isEmpty()) {
                    progress.note(cell.id() + ": " + agent + ": " + report.getStarted().getTransportNote());
                  }
                }
                case INTERVAL -> merger.add(agent, link.clock(), report.getInterval())
                    .ifPresent(interval -> progress.interval(cell, interval));
                default -> { }
              }
            });
        streams.put(agent, stream);
      }
      int seconds = (int) load.duration().toSeconds();
      ticker = scheduler.scheduleAtFixedRate(
          () -> merger.latestSecond().ifPresent(s -> progress.second(cell, s, seconds)),
          load.warmup().toMillis() + 1500, 1000, TimeUnit.MILLISECONDS);

      CompletableFuture<Void> allDone = CompletableFuture.allOf(
          streams.values().stream().map(ServerStream::done).toArray(CompletableFuture[]::new));
      watched.add(allDone);
      watched.add(cancelled);
      for (String agent : involvedAgents()) {
        watched.add(agents.session(agent).lost());
      }
      Duration limit = load.warmup().plus(load.duration()).plus(load.timeout()).plus(Duration.ofSeconds(30))
          .plusNanos(agreedStart - WallClock.nowUnixNanos());
      awaitFirst(watched, limit, cell);
      if (cancelled.isDone()) {
        throw new RunException("interrupted: the run was cancelled during this cell");
      }
      rethrowLoadFailure(allDone, streams);
    } finally {
      if (ticker != null) {
        ticker.cancel(false);
      }
      streams.values().forEach(ServerStream::cancel);
      watch.cancel();
    }

    LoadMerger.Merged merged = merger.result();
    long measuredEnd = measuredStart + load.duration().toNanos();
    TargetUsage usage = samples.usage(measuredStart, measuredEnd, INTERVAL.toNanos());
    List<AgentLoadResult> perAgent = new ArrayList<>();
    for (String agent : loaders) {
      AgentLink link = agents.link(agent);
      LoadMerger.AgentTally tally = merged.agents().get(agent);
      Long started;
      synchronized (startedAt) {
        started = startedAt.get(agent);
      }
      perAgent.add(new AgentLoadResult(agent, tally.requests, tally.bytes, tally.errors,
          link.clock().offsetMillis(), link.clock().rttMillis(),
          started == null ? 0 : (started - agreedStart) / 1e6, tally.cpuPeak, tally.busiestLoopCpu(),
          link.info().getCores(), transports.containsKey(agent) ? transports.get(agent).getTransport() : ""));
    }
    HostUsage host = samples.host(measuredStart, measuredEnd, INTERVAL.toNanos());
    double quota = target.getCpus() > 0 ? target.getCpus() : targetLink.info().getCores();
    List<LoadPath> paths = route.values().stream().map(LoadRoutes.Route::path).toList();
    List<String> verdicts = new ArrayList<>(Verdicts.of(load, perAgent, probes, merged));
    double loadCpuOnHost = loaders.stream().filter(routes::onTargetHost)
        .mapToDouble(a -> merged.agents().get(a).cpuMean()).sum();
    Verdicts.notSaturated(load, usage, quota, host, loadCpuOnHost, paths, verdicts, !probes.isEmpty())
        .ifPresent(verdicts::add);
    List<String> warnings = new ArrayList<>(target.getWarningsList());
    warnings.addAll(LoadRoutes.warnings(List.copyOf(route.values())));
    loaders.stream().filter(a -> transports.containsKey(a) && !transports.get(a).getTransportNote().isEmpty())
        .forEach(a -> warnings.add(a + ": " + transports.get(a).getTransportNote()));
    CellSetup setup = new CellSetup(quota, Verdicts.saturated(usage, quota).orElse(null), paths, host, warnings);
    return new CellResult(cell, target.getLauncher(), Optional.empty(), merged.requests(),
        merged.durationSeconds(), merged.bytes(), merged.errors(), LatencySummary.of(merged.latency()),
        merged.serviceTime().map(LatencySummary::of), usage, probes, perAgent, verdicts, merged.latency(),
        merged.intervals(), setup,
        new CellTimeline(merged.seconds(), samples.seconds(measuredStart, measuredEnd, INTERVAL.toNanos())));
  }

  private List<String> involvedAgents() {
    List<String> involved = new ArrayList<>(plan.load().agents());
    involved.add(plan.target().agent());
    return involved.stream().distinct().toList();
  }

  private void awaitFirst(List<CompletableFuture<?>> futures, Duration limit, Cell cell) {
    try {
      CompletableFuture.anyOf(futures.toArray(CompletableFuture[]::new))
          .get(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new RunException("the load agents did not finish within " + limit.toSeconds() + " s");
    } catch (ExecutionException e) {
      // A stream failed; rethrowLoadFailure explains which.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunException("interrupted while cell " + cell.id() + " was running");
    }
    for (String agent : involvedAgents()) {
      CompletableFuture<AgentLostException> lost = agents.session(agent).lost();
      if (lost.isDone()) {
        throw lost.join();
      }
    }
  }

  private void rethrowLoadFailure(CompletableFuture<Void> allDone, Map<String, ServerStream<LoadReport>> streams) {
    if (!allDone.isCompletedExceptionally()) {
      return;
    }
    for (Map.Entry<String, ServerStream<LoadReport>> e : streams.entrySet()) {
      CompletableFuture<Void> done = e.getValue().done();
      if (done.isCompletedExceptionally()) {
        try {
          done.join();
        } catch (RuntimeException failure) {
          Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
          LeasedSession session = agents.session(e.getKey());
          throw AgentCalls.failure(e.getKey(), session.address(), "generating load", cause);
        }
      }
    }
  }

  private TargetSpec targetSpec(Cell cell, String network) {
    var t = plan.target();
    return TargetSpec.newBuilder()
        .setRuntime(cell.runtime())
        .setLauncher(t.launcher() == null ? "" : t.launcher())
        .setCpus(cell.cpus())
        .setMemoryBytes(t.memoryBytes())
        .setCluster(cell.cluster())
        .setPort(t.port())
        .setNetwork(network)
        .setBindHost(bindHost())
        .setHealthPath(healthPath())
        .setHealthTimeoutMs(t.healthTimeout().toMillis())
        .build();
  }

  /** Loopback when every agent is on this machine's loopback; all addresses when others must reach it. */
  private String bindHost() {
    boolean allLoopback = plan.agents().values().stream().allMatch(e -> e.isLocal() || isLoopback(e.host()));
    return allLoopback ? "127.0.0.1" : "0.0.0.0";
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  private String healthPath() {
    return plan.load().url().path();
  }

}
