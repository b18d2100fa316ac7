package gauntlet.controller.run;

import gauntlet.core.AgentVersion;
import gauntlet.controller.plan.AgentEndpoint;
import gauntlet.controller.plan.Plan;
import gauntlet.v1.AgentInfo;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The agents of a run: connected, each with its session open, described, clock-synchronised and
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
   * Connects to every agent of the plan, opens its session (whose first answer says who the agent
   * is) and checks its version; clocks are measured next ({@link #measureClocks}).
   *
   * @throws PreflightException naming the first agent, in plan order, that cannot be used; the
   *     sessions that did open are ended
   */
  static AgentPool connect(Plan plan, AgentDialer dialer, SessionTerms terms) {
    AgentPool pool = new AgentPool(dialer, plan.agents());
    try {
      // Names are grouped by address: two names for one agent must share its one session.
      Map<String, List<String>> byAddress = new LinkedHashMap<>();
      plan.agents().forEach((name, endpoint) ->
          byAddress.computeIfAbsent(endpoint.toString(), e -> new ArrayList<>()).add(name));
      List<List<String>> groups = List.copyOf(byAddress.values());
      List<Parallel.Outcome<Linked>> outcomes = Parallel.map(groups,
          names -> pool.link(names, plan.agents().get(names.get(0)), terms), "gauntlet-connect");
      RuntimeException first = null;
      for (Parallel.Outcome<Linked> outcome : outcomes) {
        if (outcome.failure() != null) {
          first = first == null ? outcome.failure() : first;
          continue;
        }
        // Kept even when another failed: close() ends its session, so the agent is not left busy.
        pool.keep(outcome.value().link());
        pool.sessions.put(outcome.value().link().name(), outcome.value().session());
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

  /** An agent connected, with its session. */
  private record Linked(AgentLink link, LeasedSession session) {}

  private Linked link(List<String> names, AgentEndpoint endpoint, SessionTerms terms) {
    AgentConnection connection = dialer.dial(endpoint);
    LeasedSession session = null;
    try {
      try {
        session = terms.open(connection);
      } catch (RunException opening) {
        // An agent of another release may not speak this session at all (it answers that it has no
        // such call, or refuses this controller's version): Describe says which release it runs.
        Status.Code code = Status.fromThrowable(opening.getCause()).getCode();
        boolean refused = code == Status.Code.UNIMPLEMENTED || code == Status.Code.FAILED_PRECONDITION;
        throw refused ? describedRefusal(names.get(0), connection).orElse(opening) : opening;
      }
      AgentInfo info = session.agentInfo().orElseGet(connection::describe);
      Optional<PreflightException> refusal = versionRefusal(names.get(0), connection, info);
      if (refusal.isPresent()) {
        throw refusal.get();
      }
      return new Linked(new AgentLink(List.copyOf(names), connection, info, null), session);
    } catch (RuntimeException e) {
      if (session != null) {
        session.close();
      }
      connection.close();
      // A call that failed makes the plan unusable against this agent; anything else is a bug.
      boolean asItIs = e instanceof PreflightException || !(e instanceof RunException);
      throw asItIs ? e : new PreflightException(e.getMessage(), e);
    }
  }

  /** The refusal of an agent that runs another major version, if it answers Describe. */
  private static Optional<RunException> describedRefusal(String name, AgentConnection connection) {
    try {
      return versionRefusal(name, connection, connection.describe()).map(RunException.class::cast);
    } catch (RunException e) {
      return Optional.empty();
    }
  }

  /** The refusal of an agent whose major version is not this controller's; empty when it is. */
  private static Optional<PreflightException> versionRefusal(String name, AgentConnection connection,
      AgentInfo info) {
    String mine = AgentVersion.current();
    if (AgentVersion.major(info.getVersion()).equals(AgentVersion.major(mine))) {
      return Optional.empty();
    }
    return Optional.of(new PreflightException("Agent '" + name + "' at " + connection.address()
        + " runs Gauntlet " + info.getVersion() + " but this controller is " + mine + "; run the same version on both"));
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
    // By identity: names of one agent share its link, and a record's equals would hash its AgentInfo
    // message, ~40 us a link (38 ms of a thousand agents' start).
    Set<AgentLink> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    return links.values().stream().filter(distinct::add).toList();
  }

  /** Measures every distinct agent's clock over its session. */
  void measureClocks() {
    measureClocks(List.copyOf(links()));
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
  void reconnect(String planName, SessionTerms terms) {
    AgentLink old = link(planName);
    LeasedSession oldSession = sessions.remove(old.name());
    if (oldSession != null) {
      oldSession.close();
    }
    old.connection().close();
    Linked fresh = link(old.planNames(), endpoints.get(old.name()), terms);
    keep(fresh.link());
    sessions.put(fresh.link().name(), fresh.session());
    try {
      measureClocks(List.of(fresh.link()));
    } catch (RuntimeException e) {
      // Without a clock the agent cannot load: it stays lost, and the next cell tries again.
      sessions.remove(fresh.link().name());
      fresh.session().close();
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
