package gauntlet.agent.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.Launchers;
import gauntlet.agent.load.LoadEngine;
import gauntlet.agent.session.Sessions;
import gauntlet.agent.target.AgentInstance;
import gauntlet.agent.target.HostRuntimes;
import gauntlet.agent.target.ResourceSample;
import gauntlet.agent.target.RunningTarget;
import gauntlet.agent.target.StartCancellation;
import gauntlet.agent.target.TargetConfig;
import gauntlet.agent.target.TargetLabels;
import gauntlet.agent.target.TargetLauncher;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.AgentInfo;
import gauntlet.v1.DescribeRequest;
import gauntlet.v1.OpenSession;
import gauntlet.v1.SessionEvent;
import gauntlet.v1.SessionMessage;
import gauntlet.v1.StartTargetRequest;
import gauntlet.v1.StopTargetRequest;
import gauntlet.v1.TargetSpec;
import gauntlet.v1.TargetStarted;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent's gRPC service over an in-process transport, with a launcher that starts nothing: no socket, no process. */
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
    @Override public void close() { closed = true; }
  }

  private final FakeLauncher launcher = new FakeLauncher();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private Sessions sessions;
  private LoadEngine engine;
  private Server server;
  private ManagedChannel channel;
  private AgentGrpc.AgentBlockingStub agent;

  @BeforeEach
  void start() throws Exception {
    sessions = new Sessions(Duration.ofSeconds(10));
    engine = new LoadEngine();
    AgentService service = new AgentService("fake-agent", AgentInstance.create(), sessions, new Launchers(List.of(launcher), Map.of()),
        HostRuntimes.detect(Map.of(), java.nio.file.Path.of("/nonexistent")), engine, AgentLimitsConfig.DEFAULT,
        Set.of(), scheduler);
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(ServerInterceptors.intercept(service, new PeerAddress())).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    agent = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    sessions.close();
    engine.close();
    scheduler.shutdownNow();
  }

  /** The controller's end of a session stream. */
  private final class OpenedSession implements AutoCloseable {
    final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    final StreamObserver<SessionMessage> requests;
    final String id;

    OpenedSession(String runId) throws InterruptedException {
      requests = AgentGrpc.newStub(channel).session(new StreamObserver<>() {
        @Override public void onNext(SessionEvent event) { events.add(event); }
        @Override public void onError(Throwable t) { events.add(t); }
        @Override public void onCompleted() { events.add("completed"); }
      });
      requests.onNext(SessionMessage.newBuilder().setOpen(OpenSession.newBuilder().setRunId(runId)
          .setController("test").setLeaseMs(10_000).setControllerVersion(gauntlet.core.AgentVersion.current())).build());
      Object first = events.poll(10, TimeUnit.SECONDS);
      assertThat(first).isInstanceOf(SessionEvent.class);
      id = ((SessionEvent) first).getOpened().getSessionId();
    }

    @Override
    public void close() {
      requests.onCompleted();
    }
  }

  private TargetStarted startTarget(String sessionId, String cellId) {
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
}
