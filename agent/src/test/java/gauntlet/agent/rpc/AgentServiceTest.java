package gauntlet.agent.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.agent.Launchers;
import gauntlet.agent.security.AgentSecurity;
import gauntlet.agent.target.HostRuntimes;
import gauntlet.agent.target.ResourceSample;
import gauntlet.agent.target.RunningTarget;
import gauntlet.agent.target.StartCancellation;
import gauntlet.agent.target.TargetConfig;
import gauntlet.agent.target.TargetLabels;
import gauntlet.agent.target.TargetLauncher;
import gauntlet.core.WallClock;
import gauntlet.core.security.BearerCredentials;
import gauntlet.core.security.BearerToken;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.AgentInfo;
import gauntlet.v1.ClockProbe;
import gauntlet.v1.ClockReading;
import gauntlet.v1.DescribeRequest;
import gauntlet.v1.LoadReport;
import gauntlet.v1.LoadSpec;
import gauntlet.v1.RunLoadRequest;
import gauntlet.v1.OpenSession;
import gauntlet.v1.SessionEvent;
import gauntlet.v1.SessionMessage;
import gauntlet.v1.StartTargetRequest;
import gauntlet.v1.StopTargetRequest;
import gauntlet.v1.TargetSpec;
import gauntlet.v1.TargetStarted;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent as {@link AgentServer} assembles it (service, interceptors, sessions, load engine) on an
 * in-process transport, with a launcher that starts nothing: no socket, no process.
 */
class AgentServiceTest {

  /** A launcher that hands out targets which only remember whether they were closed. */
  private static final class FakeLauncher implements TargetLauncher {
    final List<FakeTarget> started = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public RunningTarget start(TargetConfig config, TargetLabels labels, StartCancellation cancellation) {
      FakeTarget target = new FakeTarget(config.runtime() + "-" + started.size(), labels);
      started.add(target);
      return target;
    }

    @Override
    public void close() {}
  }

  private static final class FakeTarget implements RunningTarget {
    final String handle;
    final TargetLabels labels;
    final CountDownLatch closing = new CountDownLatch(1);
    volatile boolean closed;

    FakeTarget(String handle, TargetLabels labels) {
      this.handle = handle;
      this.labels = labels;
    }

    @Override public String handle() { return handle; }
    @Override public String image() { return ""; }
    @Override public double cpus() { return 1; }
    @Override public long memoryBytes() { return 64L << 20; }
    @Override public List<String> warnings() { return List.of("a fake target"); }
    @Override public String runtimeVersion() { return "v0-fake"; }
    @Override public ResourceSample sample() { return new ResourceSample(0, 0, 0, 1); }
    @Override public String outputTail(int lines) { return "fake output"; }
    @Override public void close() { closed = true; closing.countDown(); }
  }

  private static final BearerToken TOKEN = BearerToken.of("0123456789abcdef0123456789abcdef", "the test's token");

  private final FakeLauncher launcher = new FakeLauncher();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private ManagedChannel channel;
  private AgentGrpc.AgentBlockingStub agent;
  /** The agent {@link #startAgent} started last. */
  private AgentServer server;

  /** The settings every test starts from: no token, the default lease and limits. */
  private static AgentSettings settings() {
    return AgentSettings.loopback("fake-agent", Path.of("/nonexistent"));
  }

  /** Starts an agent on a fresh in-process name and returns a channel to it; both closed after the test. */
  private ManagedChannel startAgent(AgentSettings settings) {
    String name = InProcessServerBuilder.generateName();
    AgentServer server = AgentServer.start(InProcessServerBuilder.forName(name).directExecutor(), settings,
        new Launchers(List.of(launcher), Map.of()), HostRuntimes.detect(Map.of(), Path.of("/nonexistent")));
    opened.add(server);
    this.server = server;
    ManagedChannel client = InProcessChannelBuilder.forName(name).directExecutor().build();
    opened.add(() -> client.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return client;
  }

  @BeforeEach
  void start() {
    channel = startAgent(settings());
    agent = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  /** The controller's end of a session stream. */
  private final class OpenedSession implements AutoCloseable {
    final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    final StreamObserver<SessionMessage> requests;
    final String id;
    final gauntlet.v1.SessionOpened opened;

    OpenedSession(String runId) throws InterruptedException {
      this(AgentGrpc.newStub(channel), runId, 10_000);
    }

    OpenedSession(AgentGrpc.AgentStub stub, String runId, long leaseMs) throws InterruptedException {
      requests = stub.session(new StreamObserver<>() {
        @Override public void onNext(SessionEvent event) { events.add(event); }
        @Override public void onError(Throwable t) { events.add(t); }
        @Override public void onCompleted() { events.add("completed"); }
      });
      requests.onNext(SessionMessage.newBuilder().setOpen(OpenSession.newBuilder().setRunId(runId)
          .setController("test").setLeaseMs(leaseMs).setControllerVersion(gauntlet.core.AgentVersion.current())).build());
      Object first = events.poll(10, TimeUnit.SECONDS);
      assertThat(first).isInstanceOf(SessionEvent.class);
      opened = ((SessionEvent) first).getOpened();
      id = opened.getSessionId();
    }

    @Override
    public void close() {
      requests.onCompleted();
    }
  }

  private TargetStarted startTarget(String sessionId, String cellId) {
    return startTarget(agent, sessionId, cellId);
  }

  private static TargetStarted startTarget(AgentGrpc.AgentBlockingStub agent, String sessionId, String cellId) {
    return agent.startTarget(StartTargetRequest.newBuilder().setSessionId(sessionId).setCellId(cellId)
        .setSpec(TargetSpec.newBuilder().setRuntime("node").setLauncher("fake").setPort(3000)).build());
  }

  @Test
  void describeNamesTheAgentAndItsLaunchers() {
    AgentInfo info = agent.describe(DescribeRequest.getDefaultInstance());
    assertThat(info.getName()).isEqualTo("fake-agent");
    assertThat(info.getLaunchersList()).containsExactly("fake");
    assertThat(info.getBusyWithRun()).isEmpty();
  }

  @Test
  void aSessionsOpeningSaysWhatDescribeSays() throws Exception {
    try (OpenedSession session = new OpenedSession("run-who")) {
      AgentInfo info = session.opened.getAgent();
      assertThat(info.getName()).isEqualTo("fake-agent");
      assertThat(info.getLaunchersList()).containsExactly("fake");
      assertThat(info.getBusyWithRun()).isEqualTo("run-who");
      assertThat(info.toBuilder().setBusyWithRun("").build()).isEqualTo(agent.describe(DescribeRequest.getDefaultInstance())
          .toBuilder().setBusyWithRun("").build());
    }
  }

  @Test
  void aClockProbeOnTheSessionIsAnsweredWithItsSequenceAndTheAgentsClock() throws Exception {
    try (OpenedSession session = new OpenedSession("run-clock")) {
      long before = WallClock.nowUnixNanos();
      session.requests.onNext(SessionMessage.newBuilder().setClockProbe(ClockProbe.newBuilder().setSequence(42)).build());
      Object answer = session.events.poll(10, TimeUnit.SECONDS);
      long after = WallClock.nowUnixNanos();
      assertThat(answer).isInstanceOf(SessionEvent.class);
      ClockReading reading = ((SessionEvent) answer).getClock();
      assertThat(reading.getSequence()).isEqualTo(42);
      assertThat(reading.getUnixNanos()).isBetween(before, after);
    }
  }

  @Test
  void aHeartbeatIsEchoedUnlessTheSessionsStreamsSentTheControllerSomethingSinceTheLastOne() throws Exception {
    try (OpenedSession session = new OpenedSession("run-beat")) {
      session.requests.onNext(heartbeat(1));
      assertThat(nextEvent(session).getHeartbeat().getSequence()).as("nothing else went out: echoed").isEqualTo(1);

      TargetStarted target = startTarget(session.id, "a");
      LinkedBlockingQueue<gauntlet.v1.ResourceSample> samples = new LinkedBlockingQueue<>();
      io.grpc.Context.CancellableContext watching = io.grpc.Context.current().withCancellation();
      gauntlet.v1.WatchTargetRequest watch = gauntlet.v1.WatchTargetRequest.newBuilder()
          .setSessionId(session.id).setTargetId(target.getTargetId()).setIntervalMs(100).build();
      watching.run(() -> AgentGrpc.newStub(channel).watchTarget(watch, new StreamObserver<>() {
        @Override public void onNext(gauntlet.v1.ResourceSample sample) { samples.add(sample); }
        @Override public void onError(Throwable t) { }
        @Override public void onCompleted() { }
      }));
      assertThat(samples.poll(10, TimeUnit.SECONDS)).isNotNull();

      // The stream is served in order: an echo of heartbeat 2 would come before the clock reading.
      session.requests.onNext(heartbeat(2));
      session.requests.onNext(clockProbe(3));
      SessionEvent next = nextEvent(session);
      assertThat(next.hasClock()).as("a sample went out since heartbeat 1, so 2 needs no echo: %s", next).isTrue();

      // Once the watch has ended (a sample may still be on its way), heartbeats are echoed again.
      watching.cancel(null);
      boolean echoed = false;
      for (long sequence = 4; sequence < 30 && !echoed; sequence += 2) {
        session.requests.onNext(heartbeat(sequence));
        session.requests.onNext(clockProbe(sequence + 1));
        SessionEvent answer = nextEvent(session);
        echoed = answer.hasHeartbeat() && answer.getHeartbeat().getSequence() == sequence;
        if (echoed) {
          assertThat(nextEvent(session).getClock().getSequence()).isEqualTo(sequence + 1);
        }
      }
      assertThat(echoed).as("a heartbeat was echoed after the watch ended").isTrue();
    }
  }

  private static SessionMessage clockProbe(long sequence) {
    return SessionMessage.newBuilder().setClockProbe(ClockProbe.newBuilder().setSequence(sequence)).build();
  }

  private static SessionMessage heartbeat(long sequence) {
    return SessionMessage.newBuilder().setHeartbeat(gauntlet.v1.Heartbeat.newBuilder().setSequence(sequence)).build();
  }

  private static SessionEvent nextEvent(OpenedSession session) throws InterruptedException {
    Object event = session.events.poll(10, TimeUnit.SECONDS);
    assertThat(event).isInstanceOf(SessionEvent.class);
    return (SessionEvent) event;
  }

  @Test
  void aTargetStartsInASessionAndStopsOnRequest() throws Exception {
    try (OpenedSession session = new OpenedSession("run-1")) {
      TargetStarted started = startTarget(session.id, "node-1cpu");

      assertThat(started.getLauncher()).isEqualTo("fake");
      assertThat(started.getHandle()).isEqualTo("node-0");
      assertThat(started.getWarningsList()).containsExactly("a fake target");
      assertThat(launcher.started).singleElement().satisfies(t -> {
        assertThat(List.of(t.labels.runId(), t.labels.agentName(), t.labels.cellId()))
            .containsExactly("run-1", "fake-agent", "node-1cpu");
        assertThat(t.labels.sessionId()).isEqualTo(session.id);
        assertThat(t.closed).isFalse();
      });
      assertThat(agent.describe(DescribeRequest.getDefaultInstance()).getBusyWithRun()).isEqualTo("run-1");

      String tail = agent.stopTarget(StopTargetRequest.newBuilder().setSessionId(session.id)
          .setTargetId(started.getTargetId()).build()).getOutputTail();
      assertThat(tail).isEqualTo("fake output");
      assertThat(launcher.started.get(0).closed).isTrue();
    }
  }

  @Test
  void endingTheSessionStopsWhatItStarted() throws Exception {
    OpenedSession session = new OpenedSession("run-2");
    startTarget(session.id, "a");
    startTarget(session.id, "b");

    session.close();
    assertThat(session.events.poll(10, TimeUnit.SECONDS)).isEqualTo("completed");

    assertThat(launcher.started).hasSize(2).allSatisfy(t -> assertThat(t.closed).isTrue());
    assertThat(agent.describe(DescribeRequest.getDefaultInstance()).getBusyWithRun()).isEmpty();
  }

  @Test
  void theControllerHearsItsSessionEndOnlyOnceTheAgentIsFreeAgain() throws Exception {
    // A `gauntlet run` returns once its session streams have ended: the next run, started at once,
    // must find the agent free and what the session started stopped.
    LinkedBlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    StreamObserver<SessionMessage> requests = AgentGrpc.newStub(channel).session(new StreamObserver<>() {
      @Override public void onNext(SessionEvent event) { answers.add(event); }
      @Override public void onError(Throwable t) { answers.add(t); }
      @Override public void onCompleted() {
        answers.add("ended; busy with '" + server.busyWith().orElse("") + "', target stopped: "
            + launcher.started.get(0).closed);
      }
    });
    requests.onNext(SessionMessage.newBuilder().setOpen(OpenSession.newBuilder().setRunId("run-free")
        .setController("test").setControllerVersion(gauntlet.core.AgentVersion.current())).build());
    Object opening = answers.poll(10, TimeUnit.SECONDS);
    assertThat(opening).isInstanceOf(SessionEvent.class);
    startTarget(((SessionEvent) opening).getOpened().getSessionId(), "a");

    requests.onCompleted();

    assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("ended; busy with '', target stopped: true");
  }

  @Test
  void aCallNamingNoOpenSessionIsRefusedAndStartsNothing() {
    assertThatThrownBy(() -> startTarget("no-such-session", "a"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isIn(Status.Code.NOT_FOUND, Status.Code.FAILED_PRECONDITION));
    assertThat(launcher.started).isEmpty();
  }

  @Test
  void aSecondRunIsRefusedWhileOneHoldsTheAgent() throws Exception {
    try (OpenedSession first = new OpenedSession("run-3")) {
      List<Object> refusal = new ArrayList<>();
      StreamObserver<SessionMessage> requests = AgentGrpc.newStub(channel).session(new StreamObserver<>() {
        @Override public void onNext(SessionEvent event) { refusal.add(event); }
        @Override public void onError(Throwable t) { refusal.add(t); }
        @Override public void onCompleted() { }
      });
      requests.onNext(SessionMessage.newBuilder().setOpen(OpenSession.newBuilder().setRunId("run-4")
          .setController("other").setControllerVersion(gauntlet.core.AgentVersion.current())).build());
      assertThat(refusal).singleElement().isInstanceOfSatisfying(StatusRuntimeException.class,
          e -> assertThat(e.getStatus().getDescription()).contains("run-3"));
    }
  }

  @Test
  void aRuntimeThatIsNeitherBuiltInNorAllowedIsRefusedAndStartsNothing() throws Exception {
    try (OpenedSession session = new OpenedSession("run-5")) {
      assertThatThrownBy(() -> agent.startTarget(StartTargetRequest.newBuilder().setSessionId(session.id)
          .setCellId("a").setSpec(TargetSpec.newBuilder().setRuntime("evil/image").setLauncher("fake")).build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.getStatus().getDescription()).contains("'evil/image'", "--allow-image");
          });
      assertThat(launcher.started).isEmpty();
    }
  }

  @Test
  void aSilentControllersLeaseExpiresAndItsTargetsStop() throws Exception {
    // The shortest lease an agent grants; no heartbeat is ever sent.
    OpenedSession session = new OpenedSession(AgentGrpc.newStub(channel), "run-6", 1_000);
    try {
      startTarget(session.id, "a");
    } catch (StatusRuntimeException e) {
      // On a loaded machine the lease may run out while the target starts: it is stopped all the same.
      assertThat(e.getStatus().getDescription()).contains("ended while node target node-0 was starting");
    }

    assertThat(launcher.started.get(0).closing.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(agent.describe(DescribeRequest.getDefaultInstance()).getBusyWithRun()).isEmpty();
    assertThatThrownBy(() -> startTarget(session.id, "b"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getDescription()).contains("No open session", "lease expired"));
    assertThat(launcher.started).hasSize(1);
  }

  /** The first report of a load run, or the status it was refused with. */
  private static Status runLoad(AgentGrpc.AgentBlockingStub agent, String sessionId, Consumer<LoadSpec.Builder> spec) {
    LoadSpec.Builder builder = LoadSpec.newBuilder().setUrl("http://127.0.0.1:9/").setThreads(1).setConnections(1)
        .setDurationMs(1_000);
    spec.accept(builder);
    Iterator<LoadReport> reports = agent.runLoad(RunLoadRequest.newBuilder().setSessionId(sessionId).setCellId("c")
        .setSpec(builder).build());
    try {
      reports.hasNext();
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  @Test
  void loadWithoutAnOpenSessionIsRefused() {
    Status refusal = runLoad(agent, "no-such-session", spec -> { });
    assertThat(refusal.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refusal.getDescription()).contains("No open session 'no-such-session'");
  }

  @Test
  void loadBeyondTheAgentsLimitsIsRefusedNamingTheLimit() throws Exception {
    channel = startAgent(new AgentSettings("small-agent", "127.0.0.1", 0, AgentSettings.DEFAULT_LEASE,
        new AgentLimitsConfig(10, 2, Duration.ofMinutes(1)), Set.of(), Optional.empty(), Optional.empty(),
        Path.of("/nonexistent")));
    AgentGrpc.AgentBlockingStub small = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    try (OpenedSession session = new OpenedSession(AgentGrpc.newStub(channel), "run-7", 10_000)) {
      assertThat(runLoad(small, session.id, spec -> spec.setConnections(11)))
          .satisfies(s -> assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
          .satisfies(s -> assertThat(s.getDescription()).isEqualTo(
              "connections 11 is above this agent's limit of 10 (its --max-connections)"));
      assertThat(runLoad(small, session.id, spec -> spec.setThreads(3)).getDescription())
          .isEqualTo("threads 3 is above this agent's limit of 2 (its --max-threads)");
      assertThat(runLoad(small, session.id, spec -> spec.setDurationMs(120_000)).getCode())
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(runLoad(small, session.id, spec -> spec.setUrl("http://a b/")).getDescription())
          .startsWith("load url 'http://a b/' is not a valid URL");
    }
  }

  @Test
  void withATokenEveryCallWithoutItIsRefusedAndStartsNothing() throws Exception {
    ManagedChannel secured = startAgent(settings().withSecurity(new AgentSecurity(Optional.of(TOKEN), Optional.empty())));
    AgentGrpc.AgentBlockingStub anonymous = AgentGrpc.newBlockingStub(secured).withDeadlineAfter(10, TimeUnit.SECONDS);
    AgentGrpc.AgentBlockingStub wrong = anonymous.withCallCredentials(new BearerCredentials(
        BearerToken.random("a wrong token")));

    assertThatThrownBy(() -> anonymous.describe(DescribeRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).startsWith("no token; this agent requires one");
        });
    assertThatThrownBy(() -> wrong.describe(DescribeRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).startsWith("wrong token");
        });
    assertThatThrownBy(() -> startTarget(wrong, "any-session", "a"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThat(new OpenedSessionRefusal(AgentGrpc.newStub(secured), "run-8").status().getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(launcher.started).isEmpty();
  }

  @Test
  void withTheTokenCallsPass() throws Exception {
    ManagedChannel secured = startAgent(settings().withSecurity(new AgentSecurity(Optional.of(TOKEN), Optional.empty())));
    BearerCredentials credentials = new BearerCredentials(TOKEN);
    AgentGrpc.AgentBlockingStub authorised = AgentGrpc.newBlockingStub(secured).withCallCredentials(credentials)
        .withDeadlineAfter(10, TimeUnit.SECONDS);

    assertThat(authorised.describe(DescribeRequest.getDefaultInstance()).getName()).isEqualTo("fake-agent");
    try (OpenedSession session = new OpenedSession(AgentGrpc.newStub(secured).withCallCredentials(credentials),
        "run-9", 10_000)) {
      assertThat(startTarget(authorised, session.id, "a").getHandle()).isEqualTo("node-0");
    }
  }

  /** A session stream the agent refuses before it opens: its status. */
  private record OpenedSessionRefusal(AgentGrpc.AgentStub stub, String runId) {
    Status status() throws InterruptedException {
      LinkedBlockingQueue<Status> outcome = new LinkedBlockingQueue<>();
      StreamObserver<SessionMessage> requests = stub.session(new StreamObserver<>() {
        @Override public void onNext(SessionEvent event) { outcome.add(Status.OK); }
        @Override public void onError(Throwable t) { outcome.add(Status.fromThrowable(t)); }
        @Override public void onCompleted() { outcome.add(Status.OK); }
      });
      requests.onNext(SessionMessage.newBuilder().setOpen(OpenSession.newBuilder().setRunId(runId)
          .setControllerVersion(gauntlet.core.AgentVersion.current())).build());
      Status status = outcome.poll(10, TimeUnit.SECONDS);
      requests.onCompleted();
      return status;
    }
  }
}
