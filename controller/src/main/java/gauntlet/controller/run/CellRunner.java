package gauntlet.controller.run;

import gauntlet.core.IpLiterals;

import gauntlet.core.LoadDefaults;
import java.net.URI;
import gauntlet.core.WallClock;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.LoadPlan;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.report.CellResult;
import gauntlet.controller.report.NetworkProbeResult;
import gauntlet.v1.TargetSpec;
import gauntlet.v1.TargetStarted;
import io.grpc.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
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
    List<LoadRoutes.Route> routeList = new ArrayList<>();
    List<LoadStreams.Loader> streamLoaders = new ArrayList<>();
    List<LoadedCellResult.Loader> resultLoaders = new ArrayList<>();
    // One line per distinct route, not per agent: a thousand load agents printed a thousand lines.
    Map<String, List<String>> agentsByRoute = new LinkedHashMap<>();
    Set<String> warnings = new LinkedHashSet<>();
    for (String agent : load.agents()) {
      LoadRoutes.Route r = routes.route(agent, target, startedNetwork);
      routeList.add(r);
      agentsByRoute.computeIfAbsent(r.path().url() + " (" + r.path().path() + ")", k -> new ArrayList<>()).add(agent);
      r.warning().ifPresent(warnings::add);
      AgentLink link = agents.link(agent);
      streamLoaders.add(new LoadStreams.Loader(agent, link.clock(),
          LoadSpecs.forAgent(load, URI.create(r.path().url()), load.agents().size())));
      resultLoaders.add(new LoadedCellResult.Loader(agent, link.clock(), link.info().getCores(),
          routes.onTargetHost(agent)));
    }
    agentsByRoute.forEach((route, names) -> progress.note(cell.id() + ": load from " + AgentNames.listed(names) + " to " + route));
    warnings.forEach(w -> progress.note(cell.id() + ": " + w));
    List<NetworkProbeResult> probes = network.probe(cell, IpLiterals.unbracket(url.getHost()),
        url.getPort() > 0 ? url.getPort() : 80);

    AgentLink targetLink = agents.link(plan.target().agent());
    TargetSamples samples = new TargetSamples(targetLink.clock());
    // The target agent says when the target stopped serving on its own (exited, killed, removed):
    // the cell then ends at once and fails with that reason, its figures kept.
    CompletableFuture<String> targetGone = new CompletableFuture<>();
    ServerStream<gauntlet.v1.ResourceSample> watch =
        targetSession.watchTarget(target.getTargetId(), INTERVAL, sample -> {
          if (!sample.getTargetGone().isEmpty()) {
            targetGone.complete(sample.getTargetGone());
            return;
          }
          samples.add(sample);
          progress.targetSample(cell, sample.getCpuPct(), sample.getMemoryBytes());
        });

    LoadStart start = LoadStart.agree(WallClock.nowUnixNanos(),
        streamLoaders.stream().map(LoadStreams.Loader::clock).toList(), load.warmup(), load.duration());
    LoadMerger merger = new LoadMerger(load.agents(), INTERVAL, start.measuredStartUnixNanos());
    LoadTransports transports = new LoadTransports();
    ScheduledFuture<?> ticker = null;
    try (LoadStreams streams = LoadStreams.open(streamLoaders, start, merger,
        interval -> progress.interval(cell, interval),
        (agent, spec, startAgentNanos, onReport) -> agents.session(agent).runLoad(cell.id(), spec, startAgentNanos,
            transports.watching(agent, onReport)))) {
      int seconds = (int) load.duration().toSeconds();
      ticker = scheduler.scheduleAtFixedRate(
          () -> merger.latestSecond().ifPresent(s -> progress.second(cell, s, seconds)),
          load.warmup().toMillis() + 1500, 1000, TimeUnit.MILLISECONDS);

      CompletableFuture<Void> allDone = streams.allDone();
      List<CompletableFuture<?>> watched = new ArrayList<>();
      watched.add(allDone);
      watched.add(cancelled);
      watched.add(targetGone);
      for (String agent : involvedAgents()) {
        watched.add(agents.session(agent).lost());
      }
      awaitFirst(watched, start.deadline(load, WallClock.nowUnixNanos()), cell);
      if (cancelled.isDone()) {
        throw new RunException("interrupted: the run was cancelled during this cell");
      }
      if (allDone.isCompletedExceptionally() && !targetGone.isDone()) {
        streams.failure().ifPresent(f -> {
          throw AgentCalls.failure(f.agent(), agents.session(f.agent()).address(), "generating load", f.cause());
        });
      }
    } finally {
      if (ticker != null) {
        ticker.cancel(false);
      }
      watch.cancel();
    }

    CellResult result = LoadedCellResult.of(new LoadedCellResult.Inputs(cell, load, target,
        targetLink.info().getCores(), start, merger.result(), samples, resultLoaders, routeList, probes,
        plan.target().networkMode(), startedNetwork, transports));
    return LoadedCellResult.failure(result, targetGone.getNow(null)).map(result::withFailure).orElse(result);
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
