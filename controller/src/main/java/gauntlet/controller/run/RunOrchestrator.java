package gauntlet.controller.run;

import gauntlet.controller.plan.AgentLossPolicy;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.Repetitions;
import gauntlet.controller.report.AgentSummary;
import gauntlet.controller.report.RepeatedCells;
import gauntlet.controller.report.RunSchedule;
import gauntlet.controller.report.CellResult;
import gauntlet.controller.report.RunResult;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a plan: connect and check every agent, open their sessions, then run the cells in rounds
 * (every cell once per round, each time on a fresh target, in the plan's order mode), recording the
 * results after each. One path for every topology: only agent addresses differ.
 */
public final class RunOrchestrator {
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Plan plan;
  private final AgentDialer dialer;
  private final RunRecorder recorder;
  private final Progress progress;
  private final Duration lease;
  private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
  /** Lost agents whose return the run has already waited a lease for. */
  private final java.util.Set<String> waitedFor = new java.util.HashSet<>();

  /**
   * @param lease how long agents keep what they started for a silent controller
   */
  public RunOrchestrator(Plan plan, AgentDialer dialer, RunRecorder recorder, Progress progress, Duration lease) {
    this.plan = plan;
    this.dialer = dialer;
    this.recorder = recorder;
    this.progress = progress;
    this.lease = lease;
  }

  /** Stops the run: the current cell's load and target are stopped and no further cell starts. */
  public void cancel() {
    cancelled.complete(null);
  }

  public boolean wasCancelled() {
    return cancelled.isDone();
  }

  /**
   * Runs every cell. A failed cell is recorded and the run goes on (or stops, per the plan's
   * on_agent_loss when an agent was lost).
   *
   * @throws PreflightException when the plan cannot run against its agents; nothing was started
   */
  public RunResult run() {
    Instant started = Instant.now();
    String runId = plan.name() + "-" + RUN_ID_TIME.format(started);
    String controller = controllerName();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "gauntlet-controller");
      t.setDaemon(true);
      return t;
    });
    SessionTerms terms = new SessionTerms(runId, controller, lease, scheduler);
    // Sessions open as the agents are connected: their first answer says who each agent is, so
    // that no Describe call goes before them. Nothing starts before the checks pass.
    try (AgentPool agents = AgentPool.connect(plan, dialer, terms)) {
      List<String> notes = new ArrayList<>();
      List<Cell> cells = Preflight.check(plan, agents, notes);
      notes.forEach(progress::note);
      try {
        agents.measureClocks();
      } catch (RunException e) {
        // Gone since its session opened: nothing has started yet.
        throw e instanceof PreflightException ? e : new PreflightException(e.getMessage(), e);
      }
      List<AgentSummary> summaries = agents.links().stream().map(RunOrchestrator::summary).toList();
      Repetitions repetitions = plan.repetitions();
      // The seed is picked here when the plan has none, and recorded, so the order can be replayed.
      long seed = repetitions.seed().orElseGet(() -> new java.security.SecureRandom().nextLong());
      Random random = new Random(seed);
      int runs = cells.size() * repetitions.repeat();
      if (repetitions.repeat() > 1) {
        progress.note(String.format(java.util.Locale.ROOT, "%d rounds of %d cell%s, each on a fresh target, %s order"
            + " (seed %d)", repetitions.repeat(), cells.size(), cells.size() == 1 ? "" : "s",
            repetitions.order().label(), seed));
      }
      progress.runStarted(runId, runs);

      NetworkCheck network = plan.load().probe().isZero() ? NetworkCheck.NONE
          : new ProbingNetworkCheck(plan, agents, plan.load().probe(), progress);
      CellRunner runner = new CellRunner(plan, agents, network, progress, scheduler, cancelled);
      Map<String, List<CellResult>> measured = new LinkedHashMap<>();
      List<List<String>> rounds = new ArrayList<>();
      RunResult result = snapshot(runId, started, summaries, cells, measured, repetitions, seed, rounds);
      rounds:
      for (int round = 0; round < repetitions.repeat(); round++) {
        List<String> ran = new ArrayList<>();
        rounds.add(ran);
        for (Cell cell : repetitions.order().round(cells, round, random)) {
          if (cancelled.isDone()) {
            break rounds;
          }
          progress.cellStarted(cell, runs);
          CellResult cellResult = reconnectLostAgents(agents, terms, cell)
              .orElseGet(() -> runner.run(cell));
          measured.computeIfAbsent(cell.id(), id -> new ArrayList<>()).add(cellResult);
          ran.add(cell.id());
          result = snapshot(runId, started, summaries, cells, measured, repetitions, seed, rounds);
          recorder.record(result);
          progress.cellFinished(cellResult);
          if (plan.onAgentLoss() == AgentLossPolicy.ABORT && anyLost(agents)) {
            progress.note("stopping the run: an agent was lost and on_agent_loss is abort");
            break rounds;
          }
        }
      }
      return result;
    } finally {
      scheduler.shutdownNow();
    }
  }

  /** The run so far: each cell that has run summarised over its repetitions, in plan order. */
  private RunResult snapshot(String runId, Instant started, List<AgentSummary> summaries, List<Cell> cells,
      Map<String, List<CellResult>> measured, Repetitions repetitions, long seed, List<List<String>> rounds) {
    List<CellResult> results = new ArrayList<>();
    for (Cell cell : cells) {
      List<CellResult> runs = measured.get(cell.id());
      if (runs != null) {
        results.add(RepeatedCells.summary(cell, runs));
      }
    }
    return new RunResult(runId, plan, started, summaries, results, measured,
        new RunSchedule(repetitions.repeat(), repetitions.order(), seed, rounds));
  }

  /**
   * Before a cell: agents lost earlier get a chance to come back. Right after a loss the agent may
   * be restarting (a JVM takes seconds to listen again), so the first attempt keeps trying for one
   * lease; an agent that stayed away gets a single attempt per cell after that, so a dead machine
   * does not stretch every remaining cell by a lease.
   */
  private java.util.Optional<CellResult> reconnectLostAgents(AgentPool agents, SessionTerms terms, Cell cell) {
    for (AgentLink link : agents.links()) {
      if (!agents.lost(link.name())) {
        continue;
      }
      Duration patience = waitedFor.add(link.name()) ? lease : Duration.ZERO;
      try {
        reconnect(agents, link.name(), terms, patience);
        waitedFor.remove(link.name());
        progress.note("agent '" + link.name() + "' is back; continuing");
      } catch (RunException e) {
        return java.util.Optional.of(CellResults.failed(cell, plan.target().launcher(),
            "agent '" + link.name() + "' is unavailable: " + e.getMessage()));
      }
    }
    return java.util.Optional.empty();
  }

  /** Reconnects, trying again with a bounded back-off until {@code patience} runs out or the run is cancelled. */
  private void reconnect(AgentPool agents, String name, SessionTerms terms, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    long pauseMillis = 250;
    while (true) {
      try {
        agents.reconnect(name, terms);
        return;
      } catch (RunException e) {
        if (cancelled.isDone() || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) > deadline) {
          throw e;
        }
      }
      try {
        // Waiting on the cancellation rather than sleeping: Ctrl-C ends the wait at once.
        cancelled.get(pauseMillis, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        pauseMillis = Math.min(2000, pauseMillis * 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RunException("interrupted while waiting for agent '" + name + "' to come back");
      } catch (ExecutionException e) {
        throw new IllegalStateException("the cancellation future never fails", e);
      }
    }
  }

  private static boolean anyLost(AgentPool agents) {
    return agents.links().stream().anyMatch(l -> agents.lost(l.name()));
  }

  private static AgentSummary summary(AgentLink link) {
    var info = link.info();
    return new AgentSummary(link.name(), link.connection().address(), info.getVersion(), info.getHostname(),
        info.getCores(), info.getMemoryBytes(), info.getOs(), link.clock().offsetMillis(), link.clock().rttMillis());
  }

  private static String controllerName() {
    String user = System.getProperty("user.name", "someone");
    try {
      return user + "@" + InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return user;
    }
  }
}
