package gauntlet.controller.run;

import com.google.common.util.concurrent.MoreExecutors;
import gauntlet.core.AgentVersion;
import gauntlet.core.ClockPair;
import gauntlet.core.Leases;
import gauntlet.v1.AgentInfo;
import gauntlet.v1.ClockProbe;
import gauntlet.v1.ClockReading;
import gauntlet.v1.Heartbeat;
import gauntlet.v1.LoadReport;
import gauntlet.v1.LoadSpec;
import gauntlet.v1.OpenProbeSinkRequest;
import gauntlet.v1.OpenSession;
import gauntlet.v1.ProbeReply;
import gauntlet.v1.ProbeRequest;
import gauntlet.v1.ProbeSink;
import gauntlet.v1.ResourceSample;
import gauntlet.v1.RunLoadRequest;
import gauntlet.v1.SessionEvent;
import gauntlet.v1.SessionMessage;
import gauntlet.v1.SessionOpened;
import gauntlet.v1.StartTargetRequest;
import gauntlet.v1.StopTargetRequest;
import gauntlet.v1.TargetSpec;
import gauntlet.v1.TargetStarted;
import gauntlet.v1.TargetStopped;
import gauntlet.v1.WatchTargetRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The controller's side of an agent session: opens it, keeps its lease alive with heartbeats, and
 * notices within one lease when the agent is gone. Every call that starts something on the agent
 * goes through here, so it belongs to the session.
 */
public final class LeasedSession implements AutoCloseable {
  /**
   * Where the session stream's and the load reports' callbacks run: on the gRPC event loop that
   * read them. Each is short and never blocks (a report's merge is ~20 us, and one waiting for the
   * merger's lock waits for one merge at most); handing each to the run's scheduler, and the next
   * read request back, cost a thread wake-up each way: 1.6 % of a core at 1,000 agents
   * (bench/controller-scale.sh). gRPC's default executor, a cached pool, grew to a thousand threads
   * there. A clock probe's answer is also timed as soon as it is read.
   */
  private static final Executor ON_THE_EVENT_LOOP = MoreExecutors.directExecutor();

  private static final Duration OPEN_DEADLINE = Duration.ofSeconds(15);
  /** How long a whole clock measurement may take: as long as a unary probe was allowed. */
  static final Duration CLOCK_DEADLINE = Duration.ofSeconds(5);

  private final AgentConnection connection;
  private final Duration lease;
  private final CompletableFuture<SessionOpened> opened = new CompletableFuture<>();
  private final CompletableFuture<AgentLostException> lost = new CompletableFuture<>();
  private StreamObserver<SessionMessage> requests;
  private ScheduledFuture<?> heartbeats;
  /** When the agent last showed it is alive: a heartbeat's echo, a load report or a resource sample. */
  private volatile long lastHeardNanos = System.nanoTime();
  private long sequence;
  /** The clock measurement under way, or null; guarded by this. */
  private ClockRun clockRun;
  private long clockSequence;
  private boolean closed;

  private LeasedSession(AgentConnection connection, Duration lease) {
    this.connection = connection;
    this.lease = lease;
  }

  /**
   * Opens a session for {@code runId} and starts its heartbeats.
   *
   * @throws RunException when the agent is unreachable, busy with another run, or of another version
   */
  public static LeasedSession open(
      AgentConnection connection, String runId, String controller, Duration lease, ScheduledExecutorService scheduler) {
    LeasedSession session = new LeasedSession(connection, lease);
    session.start(runId, controller, scheduler);
    return session;
  }

  private void start(String runId, String controller, ScheduledExecutorService scheduler) {
    synchronized (this) {
      requests = connection.async().withExecutor(ON_THE_EVENT_LOOP).session(new Events());
      requests.onNext(SessionMessage.newBuilder().setOpen(OpenSession.newBuilder()
          .setRunId(runId)
          .setController(controller)
          .setLeaseMs(lease.toMillis())
          .setControllerVersion(AgentVersion.current())).build());
    }
    try {
      opened.get(OPEN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      close();
      throw AgentCalls.failure(connection.name(), connection.address(), "opening a session", e.getCause());
    } catch (TimeoutException e) {
      close();
      throw new RunException("Agent '" + connection.name() + "' at " + connection.address()
          + " did not open a session within " + OPEN_DEADLINE.toSeconds() + " s");
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new RunException("Interrupted while opening a session on agent '" + connection.name() + "'");
    }
    lastHeardNanos = System.nanoTime();
    long every = Leases.heartbeatPeriod(lease).toMillis();
    // Every session of the run beats at the same instants: a thousand sessions' beats each on its
    // own schedule woke the scheduler and the event loops hundreds of times a second, and took ~5 %
    // of a core (bench/controller-scale.sh); in one burst they share the wake-ups.
    long first = every - System.currentTimeMillis() % every;
    heartbeats = scheduler.scheduleAtFixedRate(this::beat, first, every, TimeUnit.MILLISECONDS);
  }

  private final class Events implements StreamObserver<SessionEvent> {
    @Override
    public void onNext(SessionEvent event) {
      switch (event.getKindCase()) {
        case OPENED -> opened.complete(event.getOpened());
        case HEARTBEAT -> lastHeardNanos = System.nanoTime();
        case CLOCK -> clockRead(event.getClock(), System.nanoTime());
        default -> { }
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!opened.isDone()) {
        opened.completeExceptionally(t);
      }
      Status status = Status.fromThrowable(t);
      String why = status.getDescription() != null ? status.getDescription() : status.getCode().toString();
      markLost("its session stream broke (" + why + ")");
    }

    @Override
    public void onCompleted() {
      if (!opened.isDone()) {
        opened.completeExceptionally(Status.UNAVAILABLE.withDescription("session closed before it opened").asRuntimeException());
      }
      markLost("it ended the session");
    }
  }

  private void beat() {
    long silent = System.nanoTime() - lastHeardNanos;
    if (silent > lease.toNanos()) {
      markLost("no heartbeat answer or report for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms (lease "
          + lease.toMillis() + " ms)");
      return;
    }
    synchronized (this) {
      if (!closed) {
        requests.onNext(SessionMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSequence(++sequence)).build());
      }
    }
  }

  /**
   * Measures the agent's clock over the session stream: up to {@code probes} probes, one after
   * another, as {@link ClockProbes} says. Blocks no thread: each answer sends the next probe.
   *
   * @return completes with the estimate, or with a {@link RunException} when the session breaks or
   *     the agent does not answer within {@link #CLOCK_DEADLINE}
   */
  CompletableFuture<ClockEstimate> measureClock(int probes) {
    ClockRun run = new ClockRun(new ClockProbes(probes));
    synchronized (this) {
      if (closed || clockRun != null) {
        throw new IllegalStateException("Cannot measure agent '" + connection.name() + "''s clock: "
            + (closed ? "its session is closed" : "a measurement is under way"));
      }
      clockRun = run;
      sendProbe(run);
    }
    if (lost.isDone()) {
      failClock(lost.join().getMessage());
    }
    return run.result.orTimeout(CLOCK_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).handle((estimate, failure) -> {
      if (failure == null) {
        return estimate;
      }
      Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
      if (cause instanceof TimeoutException) {
        synchronized (this) {
          if (clockRun == run) {
            clockRun = null;
          }
        }
        throw new RunException("Agent '" + connection.name() + "' at " + connection.address()
            + " did not answer its clock probes within " + CLOCK_DEADLINE.toSeconds() + " s");
      }
      throw cause instanceof RunException r ? r : new RunException(cause.getMessage(), cause);
    });
  }

  /** One clock measurement: the probe in flight and the best so far. */
  private static final class ClockRun {
    final ClockProbes probes;
    final CompletableFuture<ClockEstimate> result = new CompletableFuture<>();
    long sequence;
    ClockPair sent;

    ClockRun(ClockProbes probes) {
      this.probes = probes;
    }
  }

  /** Sends {@code run}'s next probe; called holding this. */
  private void sendProbe(ClockRun run) {
    run.sequence = ++clockSequence;
    run.sent = ClockPair.now();
    requests.onNext(SessionMessage.newBuilder().setClockProbe(ClockProbe.newBuilder().setSequence(run.sequence)).build());
  }

  private void clockRead(ClockReading reading, long receivedNanos) {
    ClockRun done;
    synchronized (this) {
      ClockRun run = clockRun;
      // Closing fails the measurement (failClock); an answer that comes in between is dropped.
      if (run == null || closed || reading.getSequence() != run.sequence) {
        return;
      }
      if (run.probes.take(ClockEstimate.ofProbe(run.sent, reading.getUnixNanos(), receivedNanos))) {
        sendProbe(run);
        return;
      }
      clockRun = null;
      done = run;
    }
    done.result.complete(done.probes.best());
  }

  private void failClock(String why) {
    ClockRun run;
    synchronized (this) {
      run = clockRun;
      clockRun = null;
    }
    if (run != null) {
      run.result.completeExceptionally(new RunException("Agent '" + connection.name() + "' at " + connection.address()
          + " was lost while measuring its clock: " + why));
    }
  }

  private void markLost(String why) {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    failClock(why);
    lost.complete(new AgentLostException(connection.name(), why));
  }

  /** Completes, with the reason, once the agent is known to be lost. Never completes after {@link #close()}. */
  public CompletableFuture<AgentLostException> lost() {
    return lost;
  }

  public String agentName() {
    return connection.name();
  }

  public String address() {
    return connection.address();
  }

  private String sessionId() {
    SessionOpened answer = opened.getNow(null);
    return answer == null ? "" : answer.getSessionId();
  }

  /**
   * Who the agent is, as it said when the session opened; empty from an agent too old to say (ask
   * it with {@link AgentConnection#describe()}).
   */
  public Optional<AgentInfo> agentInfo() {
    SessionOpened answer = opened.getNow(null);
    return answer != null && answer.hasAgent() ? Optional.of(answer.getAgent()) : Optional.empty();
  }

  /** Starts a target and waits until it is healthy (or fails). */
  public TargetStarted startTarget(String cellId, TargetSpec spec, Duration deadline) {
    try {
      return connection.blocking().withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .startTarget(StartTargetRequest.newBuilder().setSessionId(sessionId()).setCellId(cellId).setSpec(spec).build());
    } catch (StatusRuntimeException e) {
      throw AgentCalls.failure(connection.name(), connection.address(), "starting the " + spec.getRuntime() + " target", e);
    }
  }

  /** Stops a target; returns its last output. */
  public TargetStopped stopTarget(String targetId) {
    try {
      return connection.blocking().withDeadlineAfter(60, TimeUnit.SECONDS)
          .stopTarget(StopTargetRequest.newBuilder().setSessionId(sessionId()).setTargetId(targetId).build());
    } catch (StatusRuntimeException e) {
      throw AgentCalls.failure(connection.name(), connection.address(), "stopping a target", e);
    }
  }

  /** Streams a target's resource samples until cancelled. */
  ServerStream<ResourceSample> watchTarget(String targetId, Duration interval, Consumer<ResourceSample> samples) {
    ServerStream<ResourceSample> stream = new ServerStream<>(heard(samples));
    connection.async().watchTarget(WatchTargetRequest.newBuilder()
        .setSessionId(sessionId()).setTargetId(targetId).setIntervalMs(interval.toMillis()).build(), stream);
    return stream;
  }

  /** Starts load; reports arrive on {@code reports}. */
  ServerStream<LoadReport> runLoad(String cellId, LoadSpec spec, long startAtAgentNanos, Consumer<LoadReport> reports) {
    ServerStream<LoadReport> stream = new ServerStream<>(heard(reports));
    connection.async().withExecutor(ON_THE_EVENT_LOOP).runLoad(RunLoadRequest.newBuilder()
        .setSessionId(sessionId()).setCellId(cellId).setSpec(spec).setStartAtUnixNanos(startAtAgentNanos).build(),
        stream);
    return stream;
  }

  /**
   * Passes a stream's messages on, each one counting as a heartbeat's echo: an agent whose streams
   * sent something since the last heartbeat does not echo it (SessionStream on the agent).
   */
  private <T> Consumer<T> heard(Consumer<T> messages) {
    return message -> {
      lastHeardNanos = System.nanoTime();
      messages.accept(message);
    };
  }

  /** Opens a throughput sink on this agent for other agents' probes. */
  public ProbeSink openProbeSink(String bindHost, Duration ttl) {
    try {
      return connection.blocking().withDeadlineAfter(10, TimeUnit.SECONDS)
          .openProbeSink(OpenProbeSinkRequest.newBuilder()
              .setSessionId(sessionId()).setBindHost(bindHost).setTtlMs(ttl.toMillis()).build());
    } catch (StatusRuntimeException e) {
      throw AgentCalls.failure(connection.name(), connection.address(), "opening a probe sink", e);
    }
  }

  /** Has this agent measure RTT and throughput to {@code host:port}. */
  public ProbeReply probe(String host, int port, int rttSamples, Duration throughputTime) {
    try {
      return connection.blocking().withDeadlineAfter(throughputTime.toMillis() + 30_000, TimeUnit.MILLISECONDS)
          .probe(ProbeRequest.newBuilder().setSessionId(sessionId()).setHost(host).setPort(port)
              .setRttSamples(rttSamples).setThroughputMs(throughputTime.toMillis()).build());
    } catch (StatusRuntimeException e) {
      throw AgentCalls.failure(connection.name(), connection.address(), "probing " + host + ":" + port, e);
    }
  }

  /** Ends the session; the agent stops whatever it still runs for it. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (heartbeats != null) {
        heartbeats.cancel(false);
      }
      if (requests != null) {
        try {
          requests.onCompleted();
        } catch (IllegalStateException ignored) {
          // The stream already failed; the agent has ended the session on its side.
        }
      }
    }
    failClock("its session was closed");
  }
}
