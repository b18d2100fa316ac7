package gauntlet.agent.session;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one active session and its lease. An agent serves one run at a time: a second
 * controller gets "agent busy with run X" instead of interleaving its cells with the first.
 */
public final class Sessions implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sessions.class);

  /** Shorter would expire between two heartbeats ({@link gauntlet.core.Leases#heartbeatPeriod}) on any real network. */
  public static final Duration MIN_LEASE = Duration.ofSeconds(1);
  /** The longest lease a controller may ask for: longer would keep a dead controller's targets running. */
  public static final Duration MAX_LEASE = gauntlet.core.Leases.MAX;

  private final Duration defaultLease;
  private final Duration maxLease;
  private final LongSupplier nanoClock;
  private final ScheduledExecutorService watchdog;
  private Session active;

  public Sessions(Duration defaultLease) {
    this(defaultLease, System::nanoTime);
  }

  Sessions(Duration defaultLease, LongSupplier nanoClock) {
    this.defaultLease = defaultLease;
    this.maxLease = MAX_LEASE;
    this.nanoClock = nanoClock;
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "gauntlet-lease-watchdog");
      t.setDaemon(true);
      return t;
    });
    long tick = Math.max(50, Math.min(500, defaultLease.toMillis() / 10));
    watchdog.scheduleWithFixedDelay(this::expireSilentSession, tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens a session for {@code runId}.
   *
   * @param leaseMs requested lease; 0 for the agent's default
   * @throws AgentBusyException while another session is open
   */
  public synchronized Session open(String runId, String controller, long leaseMs) throws AgentBusyException {
    if (active != null && !active.isClosed()) {
      throw new AgentBusyException("Agent busy with run '" + active.runId() + "' of controller "
          + active.controller() + "; wait for it to end or stop that controller");
    }
    if (leaseMs < 0) {
      throw new IllegalArgumentException("lease must be positive, not " + leaseMs + " ms");
    }
    Duration lease = leaseMs == 0 ? defaultLease : Duration.ofMillis(leaseMs);
    if (lease.compareTo(MIN_LEASE) < 0) {
      throw new IllegalArgumentException("lease of " + lease.toMillis() + " ms is below the agent's least of "
          + MIN_LEASE.toMillis() + " ms");
    }
    if (lease.compareTo(maxLease) > 0) {
      throw new IllegalArgumentException("lease of " + lease.toSeconds() + " s is above the agent's limit of "
          + maxLease.toSeconds() + " s");
    }
    active = new Session(UUID.randomUUID().toString(), runId, controller, lease, nanoClock);
    log.info("Session opened for run '{}' by {} (lease {} ms)", runId, controller, lease.toMillis());
    return active;
  }

  /** The open session with this id. */
  public synchronized Optional<Session> find(String sessionId) {
    if (active != null && !active.isClosed() && active.id().equals(sessionId)) {
      return Optional.of(active);
    }
    return Optional.empty();
  }

  /** The run the agent is busy with, if any. */
  public synchronized Optional<String> busyWith() {
    return active == null || active.isClosed() ? Optional.empty() : Optional.of(active.runId());
  }

  /**
   * Renews {@code session}'s lease.
   *
   * @return true when the heartbeat needs no echo: the session's streams have sent the controller
   *     something since the previous one, which tells it as much
   */
  public boolean heartbeat(Session session) {
    return session.heartbeat();
  }

  /** Ends a session and stops what it started. */
  public void end(Session session, String why) {
    session.close(why);
    synchronized (this) {
      if (active == session) {
        active = null;
      }
    }
  }

  /** Runs the lease check now; the watchdog calls it periodically. */
  void expireSilentSession() {
    Session session;
    synchronized (this) {
      session = active;
    }
    if (session != null && !session.isClosed() && session.leaseExpired()) {
      log.warn("Lease of run '{}' expired: no heartbeat from {} for {} ms; stopping its load and targets",
          session.runId(), session.controller(), session.lease().toMillis());
      end(session, "lease expired");
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    Session session;
    synchronized (this) {
      session = active;
      active = null;
    }
    if (session != null) {
      session.close("agent shutting down");
    }
  }
}
