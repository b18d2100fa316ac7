package gauntlet.agent.rpc;

import gauntlet.agent.AgentLimitsConfig;
import gauntlet.core.AgentVersion;
import gauntlet.agent.Launchers;
import gauntlet.core.WallClock;
import gauntlet.agent.load.LoadEngine;
import gauntlet.agent.load.LoadOptions;
import gauntlet.agent.load.LoadRun;
import gauntlet.agent.probe.NetworkProbe;
import gauntlet.agent.probe.ThroughputSink;
import gauntlet.agent.session.Session;
import gauntlet.agent.session.Sessions;
import gauntlet.agent.target.AgentInstance;
import gauntlet.agent.target.BuiltInServer;
import gauntlet.agent.target.HostRuntimes;
import gauntlet.agent.target.RunningTarget;
import gauntlet.agent.target.RuntimeStatus;
import gauntlet.agent.target.StartCancellation;
import gauntlet.agent.target.TargetConfig;
import gauntlet.agent.target.TargetException;
import gauntlet.agent.target.TargetLabels;
import gauntlet.agent.target.TargetLauncher;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.AgentInfo;
import gauntlet.v1.AgentLimits;
import gauntlet.v1.ClockReply;
import gauntlet.v1.ClockRequest;
import gauntlet.v1.DescribeRequest;
import gauntlet.v1.LoadReport;
import gauntlet.v1.OpenProbeSinkRequest;
import gauntlet.v1.ProbeReply;
import gauntlet.v1.ProbeRequest;
import gauntlet.v1.ProbeSink;
import gauntlet.v1.ResourceSample;
import gauntlet.v1.RunLoadRequest;
import gauntlet.v1.RuntimeInfo;
import gauntlet.v1.SessionEvent;
import gauntlet.v1.SessionMessage;
import gauntlet.v1.StartTargetRequest;
import gauntlet.v1.StopTargetRequest;
import gauntlet.v1.TargetStarted;
import gauntlet.v1.TargetStopped;
import gauntlet.v1.WatchTargetRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's gRPC face. It starts only built-in servers or allow-listed images, and everything it
 * starts belongs to the caller's session.
 */
public final class AgentService extends AgentGrpc.AgentImplBase {
  private static final Logger log = LoggerFactory.getLogger(AgentService.class);

  private static final Duration MAX_SINK_TTL = Duration.ofMinutes(2);

  private final String agentName;
  private final AgentInstance instance;
  private final Sessions sessions;
  private final Launchers launchers;
  private final HostRuntimes runtimes;
  private final LoadEngine engine;
  private final AgentLimitsConfig limits;
  private final Set<String> allowedImages;
  private final ScheduledExecutorService scheduler;

  public AgentService(
      String agentName,
      AgentInstance instance,
      Sessions sessions,
      Launchers launchers,
      HostRuntimes runtimes,
      LoadEngine engine,
      AgentLimitsConfig limits,
      Set<String> allowedImages,
      ScheduledExecutorService scheduler) {
    this.agentName = agentName;
    this.instance = instance;
    this.sessions = sessions;
    this.launchers = launchers;
    this.runtimes = runtimes;
    this.engine = engine;
    this.limits = limits;
    this.allowedImages = Set.copyOf(allowedImages);
    this.scheduler = scheduler;
  }

  @Override
  public void describe(DescribeRequest request, StreamObserver<AgentInfo> out) {
    out.onNext(info());
    out.onCompleted();
  }

  /** Who this agent is and what it offers: Describe's answer, and a session's first message. */
  private AgentInfo info() {
    AgentInfo.Builder info = AgentInfo.newBuilder()
        .setName(agentName)
        .setVersion(AgentVersion.current())
        .setHostname(hostname())
        .setCores(Runtime.getRuntime().availableProcessors())
        .setMemoryBytes(physicalMemory())
        .setOs(System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"))
        .addAllLaunchers(launchers.names())
        .setDefaultLauncher(launchers.defaultName())
        .putAllUnavailableLaunchers(launchers.unavailable())
        .setBusyWithRun(sessions.busyWith().orElse(""))
        .addAllAllowedImages(allowedImages)
        .setLimits(AgentLimits.newBuilder()
            .setMaxConnections(limits.maxConnections())
            .setMaxThreads(limits.maxThreads())
            .setMaxDurationMs(limits.maxDuration().toMillis())
            .setMaxRate(limits.maxRate()));
    for (RuntimeStatus status : runtimes.all()) {
      info.addRuntimes(RuntimeInfo.newBuilder()
          .setName(status.name())
          .setAvailable(status.available())
          .setVersion(status.version())
          .setDetail(status.detail()));
    }
    return info.build();
  }

  @Override
  public void clock(ClockRequest request, StreamObserver<ClockReply> out) {
    out.onNext(ClockReply.newBuilder().setUnixNanos(WallClock.nowUnixNanos()).build());
    out.onCompleted();
  }

  @Override
  public StreamObserver<SessionMessage> session(StreamObserver<SessionEvent> out) {
    return new SessionStream(sessions, out, PeerAddress.current(), this::info);
  }

  @Override
  public void startTarget(StartTargetRequest request, StreamObserver<TargetStarted> out) {
    try {
      Session session = requireSession(request.getSessionId());
      TargetConfig config = WireMapping.targetConfig(request.getSpec());
      requireAllowed(config.runtime());
      TargetLauncher launcher = launchers.pick(request.getSpec().getLauncher());
      log.info("Starting {} target for cell '{}' of run '{}' with the {} launcher (cpus {}, memory {} bytes, cluster {})",
          config.runtime(), request.getCellId(), session.runId(), launcher.name(), config.cpus(),
          config.memoryBytes(), config.cluster());
      // The session's end (controller gone, stream broken, lease expired) or the call's cancellation
      // calls the start off at once: a target that never answers healthy must not outlive them.
      StartCancellation cancellation = session.own("start of the " + config.runtime() + " target of cell '"
          + request.getCellId() + "'", new StartCancellation());
      ((ServerCallStreamObserver<TargetStarted>) out).setOnCancelHandler(
          () -> cancellation.cancel("the controller cancelled the call"));
      RunningTarget target;
      try {
        target = launcher.start(config,
            new TargetLabels(session.runId(), session.id(), agentName, request.getCellId(), instance), cancellation);
      } finally {
        session.forget(cancellation);
      }
      String targetId = UUID.randomUUID().toString();
      session.own(targetId, config.runtime() + " target " + target.handle(), target);
      out.onNext(TargetStarted.newBuilder()
          .setTargetId(targetId)
          .setLauncher(launcher.name())
          .setHandle(target.handle())
          .setImage(target.image())
          .setProcesses(target.sample().processes())
          .setCpus(target.cpus())
          .setMemoryBytes(target.memoryBytes())
          .addAllWarnings(target.warnings())
          .setRuntimeVersion(target.runtimeVersion())
          .setContainerAddress(target.containerAddress())
          .setPortProxy(target.portProxy())
          .build());
      out.onCompleted();
    } catch (TargetException | RuntimeException e) {
      log.warn("Target for cell '{}' did not start: {}", request.getCellId(), e.getMessage());
      out.onError(Statuses.of(e));
    }
  }

  @Override
  public void stopTarget(StopTargetRequest request, StreamObserver<TargetStopped> out) {
    try {
      Session session = requireSession(request.getSessionId());
      RunningTarget target = requireTarget(session, request.getTargetId());
      String tail = target.outputTail(40);
      session.release(request.getTargetId());
      out.onNext(TargetStopped.newBuilder().setOutputTail(tail).build());
      out.onCompleted();
    } catch (RuntimeException e) {
      out.onError(Statuses.of(e));
    }
  }

  @Override
  public void watchTarget(WatchTargetRequest request, StreamObserver<ResourceSample> out) {
    try {
      Session session = requireSession(request.getSessionId());
      RunningTarget target = requireTarget(session, request.getTargetId());
      Duration interval = watchInterval(request.getIntervalMs());
      synchronized (session) {
        if (session.count(TargetWatch.class) >= TargetWatch.MAX_PER_SESSION) {
          throw Status.RESOURCE_EXHAUSTED.withDescription("Run '" + session.runId() + "' already watches "
              + TargetWatch.MAX_PER_SESSION + " targets' resources, the most one session may; cancel a watch first")
              .asRuntimeException();
        }
        TargetWatch watch = new TargetWatch(target, (ServerCallStreamObserver<ResourceSample>) out, session);
        session.own("resource watch of " + target.handle(), watch);
        watch.start(scheduler, interval);
      }
    } catch (RuntimeException e) {
      out.onError(Statuses.of(e));
    }
  }

  @Override
  public void runLoad(RunLoadRequest request, StreamObserver<LoadReport> out) {
    try {
      Session session = requireSession(request.getSessionId());
      LoadOptions options = WireMapping.loadOptions(request.getSpec(), limits);
      ServerCallStreamObserver<LoadReport> calls = (ServerCallStreamObserver<LoadReport>) out;
      LoadStream stream = new LoadStream(calls, session);
      log.info("Load for cell '{}' of run '{}': {} with {} threads, {} connections, {} ms{}, transport {}",
          request.getCellId(), session.runId(), options.url(), options.threads(), options.connections(),
          options.duration().toMillis(), options.openModel() ? " at " + options.rate() + " req/s" : "",
          options.transport());
      engine.transportFor(options.transport()).note().ifPresent(note -> log.warn("Load for cell '{}': {}",
          request.getCellId(), note));
      LoadRun run = engine.start(options, request.getStartAtUnixNanos(), stream);
      session.own("load run of cell " + request.getCellId(), run);
      calls.setOnCancelHandler(run::stop);
      run.completion().whenComplete((outcome, failure) -> {
        session.forget(run);
        stream.finished(outcome, failure);
      });
    } catch (RuntimeException e) {
      out.onError(Statuses.of(e));
    }
  }

  @Override
  public void openProbeSink(OpenProbeSinkRequest request, StreamObserver<ProbeSink> out) {
    try {
      Session session = requireSession(request.getSessionId());
      Duration ttl = Duration.ofMillis(request.getTtlMs() > 0 ? Math.min(request.getTtlMs(), MAX_SINK_TTL.toMillis())
          : MAX_SINK_TTL.toMillis());
      ThroughputSink sink = session.own("probe sink", ThroughputSink.open(request.getBindHost(), ttl));
      out.onNext(ProbeSink.newBuilder().setPort(sink.port()).build());
      out.onCompleted();
    } catch (RuntimeException e) {
      out.onError(Statuses.of(e));
    }
  }

  @Override
  public void probe(ProbeRequest request, StreamObserver<ProbeReply> out) {
    try {
      requireSession(request.getSessionId());
      NetworkProbe.Result result = NetworkProbe.measure(request.getHost(), request.getPort(),
          Math.max(1, request.getRttSamples()), Duration.ofMillis(request.getThroughputMs()));
      out.onNext(ProbeReply.newBuilder()
          .setRttMinMs(result.rttMinMs())
          .setRttAvgMs(result.rttAvgMs())
          .setRttMaxMs(result.rttMaxMs())
          .setBytes(result.bytes())
          .setSeconds(result.seconds())
          .setBitsPerSecond(result.bitsPerSecond())
          .build());
      out.onCompleted();
    } catch (IOException e) {
      out.onError(Status.FAILED_PRECONDITION.withDescription("Agent '" + agentName + "' cannot reach " + request.getHost() + ":"
          + request.getPort() + " to probe the network: " + e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      out.onError(Statuses.of(e));
    }
  }

  private static Duration watchInterval(long millis) {
    if (millis == 0) {
      return Duration.ofSeconds(1);
    }
    if (millis < TargetWatch.MIN_INTERVAL.toMillis() || millis > TargetWatch.MAX_INTERVAL.toMillis()) {
      throw new IllegalArgumentException("resource watch interval of " + millis + " ms is outside "
          + TargetWatch.MIN_INTERVAL.toMillis() + " to " + TargetWatch.MAX_INTERVAL.toMillis()
          + " ms (0: the default of 1 s)");
    }
    return Duration.ofMillis(millis);
  }

  private Session requireSession(String sessionId) {
    return sessions.find(sessionId).orElseThrow(() -> Status.FAILED_PRECONDITION
        .withDescription("No open session '" + sessionId + "' on agent '" + agentName
            + "': it ended (lease expired, controller disconnected or agent restarted)")
        .asRuntimeException());
  }

  private static RunningTarget requireTarget(Session session, String targetId) {
    return session.find(targetId, RunningTarget.class).orElseThrow(() -> Status.NOT_FOUND
        .withDescription("No target '" + targetId + "' in run '" + session.runId() + "'; it was stopped already")
        .asRuntimeException());
  }

  private void requireAllowed(String runtime) throws TargetException {
    if (BuiltInServer.forRuntime(runtime).isPresent() || allowedImages.contains(runtime)) {
      return;
    }
    throw new TargetException("Runtime '" + runtime + "' is neither a built-in server ("
        + String.join(", ", BuiltInServer.runtimeNames()) + ") nor an image on agent '" + agentName
        + "''s allow-list (--allow-image)");
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return System.getenv().getOrDefault("HOSTNAME", "unknown");
    }
  }

  private static long physicalMemory() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
  }

}
