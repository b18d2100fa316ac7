package gauntlet.scale;

import gauntlet.core.AgentVersion;
import gauntlet.core.WallClock;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.AgentInfo;
import gauntlet.v1.ClockReading;
import gauntlet.v1.ClockReply;
import gauntlet.v1.ClockRequest;
import gauntlet.v1.DescribeRequest;
import gauntlet.v1.ErrorCounts;
import gauntlet.v1.Heartbeat;
import gauntlet.v1.IntervalReport;
import gauntlet.v1.LoadReport;
import gauntlet.v1.LoadStarted;
import gauntlet.v1.LoadSummary;
import gauntlet.v1.ResourceSample;
import gauntlet.v1.RunLoadRequest;
import gauntlet.v1.RuntimeInfo;
import gauntlet.v1.SessionEvent;
import gauntlet.v1.SessionMessage;
import gauntlet.v1.SessionOpened;
import gauntlet.v1.StartTargetRequest;
import gauntlet.v1.StopTargetRequest;
import gauntlet.v1.TargetStarted;
import gauntlet.v1.TargetStopped;
import gauntlet.v1.WatchTargetRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated agent behind a real gRPC server: it answers the controller as {@code gauntlet
 * agent} does — describe, clock, session and heartbeats, a (fake, never listening) target with its
 * resource samples, and load — but generates no traffic: each second of load it sends an interval
 * report with a realistic histogram from the shared pool. Its clock runs {@code offsetNanos} off
 * the machine's, so the controller's offset arithmetic is exercised, not bypassed.
 */
final class SimulatedAgent extends AgentGrpc.AgentImplBase {
  private static final long SECOND = 1_000_000_000L;
  private static final long BYTES_PER_RESPONSE = 231;

  private final String name;
  private final long offsetNanos;
  private final IntervalShapes shapes;
  private final FarmLog log;
  private final ScheduledExecutorService pacer;
  private final java.util.concurrent.Executor sender;
  private final AtomicInteger turn;
  /** This agent's one session's streams sent the controller something since its last heartbeat. */
  private final AtomicBoolean reportedSinceHeartbeat = new AtomicBoolean();

  /**
   * @param pacer fires starts and interval reports
   * @param sender sends the start reports
   * @param turn where this agent starts in the shape pool, so agents send different intervals
   */
  SimulatedAgent(String name, long offsetNanos, IntervalShapes shapes, FarmLog log, ScheduledExecutorService pacer,
      java.util.concurrent.Executor sender, int turn) {
    this.name = name;
    this.offsetNanos = offsetNanos;
    this.shapes = shapes;
    this.log = log;
    this.pacer = pacer;
    this.sender = sender;
    this.turn = new AtomicInteger(turn);
  }

  private long agentNow() {
    return WallClock.nowUnixNanos() + offsetNanos;
  }

  @Override
  public void describe(DescribeRequest request, StreamObserver<AgentInfo> response) {
    log.firstContact.record(WallClock.nowUnixNanos());
    log.describes.incrementAndGet();
    response.onNext(info());
    response.onCompleted();
  }

  /** Who this agent is, as Describe and a session's opening say it. */
  private AgentInfo info() {
    return AgentInfo.newBuilder()
        .setName(name)
        .setVersion(AgentVersion.current())
        .setHostname("sim-" + name)
        .setCores(2)
        .setMemoryBytes(1L << 30)
        .setOs("Linux (simulated)")
        .addLaunchers("process")
        .setDefaultLauncher("process")
        .addRuntimes(RuntimeInfo.newBuilder().setName("go").setAvailable(true).setVersion("simulated"))
        .build();
  }

  @Override
  public void clock(ClockRequest request, StreamObserver<ClockReply> response) {
    response.onNext(ClockReply.newBuilder().setUnixNanos(answerClockProbe()).build());
    response.onCompleted();
  }

  /** This agent's clock for a probe (unary or on the session), the probe counted. */
  private long answerClockProbe() {
    long now = WallClock.nowUnixNanos();
    log.clockProbes.incrementAndGet();
    log.lastClock.record(now);
    return now + offsetNanos;
  }

  @Override
  public StreamObserver<SessionMessage> session(StreamObserver<SessionEvent> events) {
    return new StreamObserver<>() {
      @Override
      public void onNext(SessionMessage message) {
        switch (message.getKindCase()) {
          case OPEN -> {
            log.firstContact.record(WallClock.nowUnixNanos());
            events.onNext(SessionEvent.newBuilder().setOpened(SessionOpened.newBuilder()
                .setSessionId(name + "-session").setLeaseMs(message.getOpen().getLeaseMs())
                .setAgentVersion(AgentVersion.current()).setAgent(info())).build());
            log.lastSessionOpened.record(WallClock.nowUnixNanos());
          }
          case CLOCK_PROBE -> events.onNext(SessionEvent.newBuilder().setClock(ClockReading.newBuilder()
              .setSequence(message.getClockProbe().getSequence()).setUnixNanos(answerClockProbe())).build());
          case HEARTBEAT -> {
            log.heartbeats.incrementAndGet();
            // As a real agent: no echo when a report or a sample went out since the last heartbeat
            // (each marked before it is sent).
            if (!reportedSinceHeartbeat.getAndSet(false)) {
              events.onNext(SessionEvent.newBuilder()
                  .setHeartbeat(Heartbeat.newBuilder().setSequence(message.getHeartbeat().getSequence())).build());
            }
          }
          default -> { }
        }
      }

      @Override
      public void onError(Throwable t) {
        // The controller went away: nothing of this session outlives it.
      }

      @Override
      public void onCompleted() {
        events.onCompleted();
      }
    };
  }

  @Override
  public void startTarget(StartTargetRequest request, StreamObserver<TargetStarted> response) {
    log.targetStartAsked.record(WallClock.nowUnixNanos());
    response.onNext(TargetStarted.newBuilder()
        .setTargetId(name + "-target")
        .setLauncher("process")
        .setHandle("simulated")
        .setProcesses(1)
        .setCpus(request.getSpec().getCpus() > 0 ? request.getSpec().getCpus() : 2)
        .setMemoryBytes(request.getSpec().getMemoryBytes())
        .setRuntimeVersion("simulated")
        .build());
    response.onCompleted();
  }

  @Override
  public void stopTarget(StopTargetRequest request, StreamObserver<TargetStopped> response) {
    response.onNext(TargetStopped.newBuilder().setOutputTail("simulated target stopped").build());
    response.onCompleted();
  }

  @Override
  public void watchTarget(WatchTargetRequest request, StreamObserver<ResourceSample> response) {
    ServerCallStreamObserver<ResourceSample> out = (ServerCallStreamObserver<ResourceSample>) response;
    long every = Math.max(100, request.getIntervalMs());
    ScheduledFuture<?> samples = pacer.scheduleAtFixedRate(() -> {
      if (!out.isCancelled()) {
        reportedSinceHeartbeat.set(true);
        out.onNext(ResourceSample.newBuilder().setUnixNanos(agentNow()).setCpuPct(95).setMemoryBytes(48L << 20)
            .setProcesses(1).setHostCpuPct(180).setHostCores(2).build());
      }
    }, every, every, TimeUnit.MILLISECONDS);
    out.setOnCancelHandler(() -> samples.cancel(false));
  }

  @Override
  public void runLoad(RunLoadRequest request, StreamObserver<LoadReport> response) {
    long now = WallClock.nowUnixNanos();
    log.firstRunLoad.record(now);
    log.lastRunLoad.record(now);
    ServerCallStreamObserver<LoadReport> out = (ServerCallStreamObserver<LoadReport>) response;
    FarmLog.AgentSent sent = log.agent(name);
    long agreed = request.getStartAtUnixNanos() - offsetNanos;
    sent.requestedTrueNanos = now;
    sent.agreedTrueNanos = agreed;
    new LoadRun(request, out, sent).schedule(Math.max(0, agreed - now));
    log.loadsAsked.countDown();
  }

  /** One RunLoad: wait for the agreed instant, then a report a second, then the summary. */
  private final class LoadRun {
    private final ServerCallStreamObserver<LoadReport> out;
    private final FarmLog.AgentSent sent;
    private final long intervalNanos;
    private final int warmupIntervals;
    private final int intervals;
    private long startedTrue;
    private int next;
    private volatile ScheduledFuture<?> ticks;

    LoadRun(RunLoadRequest request, ServerCallStreamObserver<LoadReport> out, FarmLog.AgentSent sent) {
      this.out = out;
      this.sent = sent;
      this.intervalNanos = Math.max(1, request.getSpec().getIntervalMs()) * 1_000_000L;
      this.warmupIntervals = (int) Math.ceil(request.getSpec().getWarmupMs() * 1e6 / intervalNanos);
      this.intervals = warmupIntervals + (int) Math.ceil(request.getSpec().getDurationMs() * 1e6 / intervalNanos);
      out.setOnCancelHandler(() -> {
        ScheduledFuture<?> t = ticks;
        if (t != null) {
          t.cancel(false);
        }
      });
    }

    void schedule(long delayNanos) {
      pacer.schedule(this::start, delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The agent's start: only the instant is taken here. A thousand real agents start on a thousand
     * machines at once; here one pacer thread fires every start, so sending the report (marshalling,
     * tens of microseconds each) happens on the sender, or the farm itself would skew the last
     * agent's start by a thousand sends.
     */
    private void start() {
      startedTrue = WallClock.nowUnixNanos();
      sent.startedTrueNanos = startedTrue;
      sender.execute(this::reportStart);
    }

    private void reportStart() {
      if (out.isCancelled()) {
        return;
      }
      reportedSinceHeartbeat.set(true);
      out.onNext(LoadReport.newBuilder().setStarted(LoadStarted.newBuilder()
          .setStartedUnixNanos(startedTrue + offsetNanos).setTransport("simulated")).build());
      long first = startedTrue + intervalNanos - WallClock.nowUnixNanos();
      ticks = pacer.scheduleAtFixedRate(this::tick, first, intervalNanos, TimeUnit.NANOSECONDS);
    }

    /** Runs on the pacer, never concurrently with itself (a fixed-rate task), so onNext is serial. */
    private void tick() {
      if (out.isCancelled()) {
        ticks.cancel(false);
        return;
      }
      int index = next++;
      boolean warmup = index < warmupIntervals;
      int shapeIndex = Math.floorMod(turn.getAndIncrement(), shapes.size());
      IntervalShapes.Shape shape = shapes.get(shapeIndex);
      long statusErrors = shapeIndex % 7 == 0 ? shapeIndex : 0;
      long requests = shape.requests();
      long bytes = requests * BYTES_PER_RESPONSE;
      long start = startedTrue + index * intervalNanos + offsetNanos;
      reportedSinceHeartbeat.set(true);
      out.onNext(LoadReport.newBuilder().setInterval(IntervalReport.newBuilder()
          .setStartUnixNanos(start)
          .setEndUnixNanos(start + intervalNanos)
          .setWarmup(warmup)
          .setRequests(requests)
          .setBytes(bytes)
          .setErrors(ErrorCounts.newBuilder().setStatus(statusErrors))
          .setLatencyHistogram(shape.encoded())
          .setAgentCpuPct(60 + shapeIndex)
          .setConnectionsOpen(64)
          .setLoopCpuMaxPct(45 + shapeIndex)).build());
      if (!warmup) {
        sent.requests.addAndGet(requests);
        sent.bytes.addAndGet(bytes);
        sent.statusErrors.addAndGet(statusErrors);
        sent.intervals.incrementAndGet();
        log.shapeUses.incrementAndGet(shapeIndex);
      }
      if (next == intervals) {
        ticks.cancel(false);
        long end = startedTrue + intervals * intervalNanos + offsetNanos;
        out.onNext(LoadReport.newBuilder().setSummary(LoadSummary.newBuilder()
            .setStartedUnixNanos(startedTrue + offsetNanos)
            .setMeasuredStartUnixNanos(startedTrue + warmupIntervals * intervalNanos + offsetNanos)
            .setEndedUnixNanos(end)).build());
        out.onCompleted();
      }
    }
  }

  @Override
  public void openProbeSink(gauntlet.v1.OpenProbeSinkRequest request, StreamObserver<gauntlet.v1.ProbeSink> response) {
    response.onError(Status.UNIMPLEMENTED.withDescription("a simulated agent runs no probe sink; set load.probe: 0s")
        .asRuntimeException());
  }
}
