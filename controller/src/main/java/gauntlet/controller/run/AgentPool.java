package gauntlet.controller.run;

import gauntlet.core.AgentVersion;
import gauntlet.controller.plan.AgentEndpoint;
import gauntlet.controller.plan.Plan;
import gauntlet.v1.AgentInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The agents of a run: connected, described, clock-synchronised, and (once sessions are open)
 * leased. Plan names that point at the same address share one agent and one session.
 */
public final class AgentPool implements AutoCloseable {
  static final int CLOCK_PROBES = 20;

  private final AgentDialer dialer;
  private final Map<String, AgentEndpoint> endpoints;
  private final Map<String, AgentLink> links = new LinkedHashMap<>();
  private final Map<String, LeasedSession> sessions = new LinkedHashMap<>();

  private AgentPool(AgentDialer dialer, Map<String, AgentEndpoint> endpoints) {
    this.dialer = dialer;
    this.endpoints = endpoints;
  }

  /**
   * Connects to every agent of the plan and checks its version; clocks are measured once sessions
   * open ({@link #openSessions}).
   *
   * @throws PreflightException naming the first agent that cannot be used
   */
  public static AgentPool connect(Plan plan, AgentDialer dialer) {
    AgentPool pool = new AgentPool(dialer, plan.agents());
    try {
      // Names are grouped by address: two names for one agent must share its one session.
      Map<String, List<String>> byAddress = new LinkedHashMap<>();
      plan.agents().forEach((name, endpoint) ->
          byAddress.computeIfAbsent(endpoint.toString(), e -> new ArrayList<>()).add(name));
      List<List<String>> groups = List.copyOf(byAddress.values());
      List<Parallel.Outcome<AgentLink>> outcomes =
          Parallel.map(groups, names -> pool.link(names, plan.agents().get(names.get(0))), "gauntlet-connect");
      RuntimeException first = null;
      for (Parallel.Outcome<AgentLink> outcome : outcomes) {
        if (outcome.failure() != null) {
          first = first == null ? outcome.failure() : first;
          continue;
        }
        pool.keep(outcome.value());
      }
      if (first != null) {
        throw first;
      }
      return pool;
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private AgentLink link(List<String> names, AgentEndpoint endpoint) {
    AgentConnection connection = dialer.dial(endpoint);
    try {
      AgentInfo info = connection.describe();
      String mine = AgentVersion.current();
      if (!AgentVersion.major(info.getVersion()).equals(AgentVersion.major(mine))) {
        throw new PreflightException("Agent '" + names.get(0) + "' at " + connection.address() + " runs Gauntlet "
            + info.getVersion() + " but this controller is " + mine + "; run the same version on both");
      }
      return new AgentLink(List.copyOf(names), connection, info, null);
    } catch (PreflightException e) {
      connection.close();
      throw e;
    } catch (RunException e) {
      connection.close();
      throw new PreflightException(e.getMessage(), e);
    }
  }

  public AgentLink link(String planName) {
    AgentLink link = links.get(planName);
    if (link == null) {
      throw new IllegalArgumentException("No agent named '" + planName + "' in this run");
    }
    return link;
  }

  /** Every distinct agent, in plan order. */
  public Collection<AgentLink> links() {
    return links.values().stream().distinct().toList();
  }

  /** Opens one session on every distinct agent and measures its clock over it. */
  public void openSessions(String runId, String controller, Duration lease, ScheduledExecutorService scheduler) {
    List<AgentLink> all = List.copyOf(links());
    List<Parallel.Outcome<LeasedSession>> outcomes = Parallel.map(all,
        link -> LeasedSession.open(link.connection(), runId, controller, lease, scheduler), "gauntlet-session");
    RuntimeException first = null;
    for (int i = 0; i < all.size(); i++) {
      Parallel.Outcome<LeasedSession> outcome = outcomes.get(i);
      if (outcome.failure() != null) {
        first = first == null ? outcome.failure() : first;
      } else {
        // Kept even when another failed: close() ends it, so the agent is not left busy with this run.
        sessions.put(all.get(i).name(), outcome.value());
      }
    }
    if (first != null) {
      throw first;
    }
    measureClocks(all);
  }

  /**
   * Measures every agent's clock over its session, as many at a time as {@link ClockWindow} allows,
   * and keeps each estimate in its link.
   *
   * @throws RunException for the first agent, in plan order, whose clock could not be measured
   */
  private void measureClocks(List<AgentLink> all) {
    ClockWindow window = new ClockWindow();
    List<CompletableFuture<ClockEstimate>> clocks = new ArrayList<>();
    for (AgentLink link : all) {
      try {
        window.enter();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RunException("Interrupted while measuring the agents' clocks");
      }
      CompletableFuture<ClockEstimate> clock = sessions.get(link.name()).measureClock(CLOCK_PROBES);
      clock.whenComplete((estimate, failure) -> window.leave(estimate));
      clocks.add(clock);
    }
    RuntimeException first = null;
    for (int i = 0; i < all.size(); i++) {
      try {
        keep(all.get(i).withClock(clocks.get(i).join()));
      } catch (java.util.concurrent.CompletionException e) {
        RuntimeException failure = e.getCause() instanceof RuntimeException r ? r : new RunException(e.getMessage(), e);
        first = first == null ? failure : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void keep(AgentLink link) {
    for (String name : link.planNames()) {
      links.put(name, link);
    }
  }

  public LeasedSession session(String planName) {
    LeasedSession session = sessions.get(link(planName).name());
    if (session == null) {
      throw new IllegalStateException("No session open on agent '" + planName + "'");
    }
    return session;
  }

  /** True when the agent's session is known to be lost, or none is open since a reconnect failed. */
  public boolean lost(String planName) {
    LeasedSession session = sessions.get(link(planName).name());
    return session == null || session.lost().isDone();
  }

  /**
   * Connects again to an agent whose session was lost (it may have been restarted) and opens a
   * new session, so the next cell can use it.
   *
   * @throws RunException when it still cannot be reached
   */
  public void reconnect(String planName, String runId, String controller, Duration lease, ScheduledExecutorService scheduler) {
    AgentLink old = link(planName);
    LeasedSession oldSession = sessions.remove(old.name());
    if (oldSession != null) {
      oldSession.close();
    }
    old.connection().close();
    AgentLink fresh = link(old.planNames(), endpoints.get(old.name()));
    keep(fresh);
    LeasedSession session = LeasedSession.open(fresh.connection(), runId, controller, lease, scheduler);
    sessions.put(fresh.name(), session);
    try {
      measureClocks(List.of(fresh));
    } catch (RuntimeException e) {
      // Without a clock the agent cannot load: it stays lost, and the next cell tries again.
      sessions.remove(fresh.name());
      session.close();
      throw e;
    }
  }

  @Override
  public void close() {
    for (LeasedSession session : sessions.values()) {
      session.close();
    }
    sessions.clear();
    // Every channel is asked to shut down before any is waited for: one after another, a thousand
    // agents' goodbyes added up to seconds.
    List<AgentLink> all = List.copyOf(links());
    all.forEach(link -> link.connection().shutdown());
    all.forEach(link -> link.connection().awaitShutdown());
    links.clear();
  }
}
