package gauntlet.agent.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller's claim on this agent for a run. Everything the agent starts for the run is
 * registered here and closed, newest first, when the session ends: by the controller, by a broken
 * stream, or by an expired lease.
 */
public final class Session {
  private static final Logger log = LoggerFactory.getLogger(Session.class);

  private final String id;
  private final String runId;
  private final String controller;
  private final Duration lease;
  private final LongSupplier nanoClock;
  private final Deque<Registered> resources = new ArrayDeque<>();
  private final ConcurrentHashMap<String, Object> named = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long lastHeartbeatNanos;
  private final AtomicBoolean reportedSinceHeartbeat = new AtomicBoolean();

  private record Registered(String description, AutoCloseable resource) {}

  Session(String id, String runId, String controller, Duration lease, LongSupplier nanoClock) {
    this.id = id;
    this.runId = runId;
    this.controller = controller;
    this.lease = lease;
    this.nanoClock = nanoClock;
    this.lastHeartbeatNanos = nanoClock.getAsLong();
  }

  public String id() {
    return id;
  }

  public String runId() {
    return runId;
  }

  public String controller() {
    return controller;
  }

  public Duration lease() {
    return lease;
  }

  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Renews the lease.
   *
   * @return whether one of the session's streams (load reports, resource samples) sent the
   *     controller something since the previous heartbeat: that tells it the agent is alive, so
   *     the heartbeat needs no echo
   */
  boolean heartbeat() {
    lastHeartbeatNanos = nanoClock.getAsLong();
    return reportedSinceHeartbeat.getAndSet(false);
  }

  /** One of the session's streams sent the controller a message; see {@link #heartbeat()}. */
  public void reported() {
    reportedSinceHeartbeat.set(true);
  }

  boolean leaseExpired() {
    return nanoClock.getAsLong() - lastHeartbeatNanos > lease.toNanos();
  }

  /**
   * Hands a resource to the session, which closes it when the session ends. If the session has
   * already ended, the resource is closed at once and {@link SessionClosedException} is thrown, so
   * nothing started for a dead session outlives it.
   */
  public <T extends AutoCloseable> T own(String description, T resource) {
    synchronized (resources) {
      if (!closed.get()) {
        resources.push(new Registered(description, resource));
        return resource;
      }
    }
    closeQuietly(description, resource);
    throw new SessionClosedException(
        "Session of run '" + runId + "' ended while " + description + " was starting; it was stopped");
  }

  /** Same as {@link #own}, and findable by {@code key} (e.g. a target id) until released. */
  public <T extends AutoCloseable> T own(String key, String description, T resource) {
    own(description, resource);
    named.put(key, resource);
    return resource;
  }

  public <T> Optional<T> find(String key, Class<T> type) {
    Object found = named.get(key);
    return type.isInstance(found) ? Optional.of(type.cast(found)) : Optional.empty();
  }

  /** Closes one resource now and forgets it (e.g. a target stopped between cells). */
  public void release(String key) {
    Object resource = named.remove(key);
    if (resource == null) {
      return;
    }
    Registered entry = null;
    synchronized (resources) {
      for (Registered r : resources) {
        if (r.resource() == resource) {
          entry = r;
          break;
        }
      }
      if (entry != null) {
        resources.remove(entry);
      }
    }
    if (entry != null) {
      closeQuietly(entry.description(), entry.resource());
    }
  }

  /** How many resources of {@code type} the session owns now. */
  public int count(Class<?> type) {
    synchronized (resources) {
      return (int) resources.stream().filter(r -> type.isInstance(r.resource())).count();
    }
  }

  /** Forgets a resource that has already ended by itself (e.g. a finished load run). */
  public void forget(AutoCloseable resource) {
    synchronized (resources) {
      resources.removeIf(r -> r.resource() == resource);
    }
  }

  /** Ends the session: closes everything it owns, newest first. Idempotent. */
  void close(String why) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Deque<Registered> toClose;
    synchronized (resources) {
      toClose = new ArrayDeque<>(resources);
      resources.clear();
    }
    named.clear();
    if (!toClose.isEmpty()) {
      log.info("Session of run '{}' ended ({}): stopping {} thing(s) it started", runId, why, toClose.size());
    }
    for (Registered r : toClose) {
      closeQuietly(r.description(), r.resource());
    }
  }

  private static void closeQuietly(String description, AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      log.warn("Could not stop {}: {}", description, e.toString());
    }
  }
}
