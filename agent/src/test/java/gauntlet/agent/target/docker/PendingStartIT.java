package gauntlet.agent.target.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.agent.Launchers;
import gauntlet.agent.target.TargetException;
import gauntlet.agent.target.BuiltInServer;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.OpenSession;
import gauntlet.v1.SessionEvent;
import gauntlet.v1.SessionMessage;
import gauntlet.v1.StartTargetRequest;
import gauntlet.v1.TargetSpec;
import gauntlet.v1.TargetStarted;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A target that never answers healthy, whose session ends while the agent waits for it: the
 * container goes at once, not when the (ten minute) health timeout runs out. A real agent on the
 * real engine, driven over gRPC as a controller drives it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PendingStartIT {
  /** The longest a health wait may take: what the container would outlive the session by before the fix. */
  private static final long HEALTH_TIMEOUT_MS = Duration.ofMinutes(10).toMillis();
  /** Far below the health timeout, far above a removal on a loaded machine. */
  private static final Duration REMOVAL_LIMIT = Duration.ofSeconds(60);
  private final DockerItSupport support = new DockerItSupport();
  private String silentImage;
  private DockerLauncher launcher;
  private DockerClient docker;
  private AgentServer agent;
  private ManagedChannel channel;
  private final Map<StreamObserver<SessionMessage>, String> sessionIds = new ConcurrentHashMap<>();

  @BeforeAll
  void startAgent() throws Exception {
    // A server that answers 404 fails its start at once (that answer will not change), so the
    // never-healthy target is one that runs and never listens: the health wait lasts its timeout.
    silentImage = support.imagePrefix + "/silent:1";
    try (DockerLauncher builder = support.connect(OfflineImages.AUTO)) {
      String nodeImage = builder.images().ensure(ServerSources.embedded(BuiltInServer.NODE)).tag();
      BuildContext context = new BuildContext().addFile("Dockerfile", ("FROM " + nodeImage + "\n"
          + "CMD [\"node\", \"-e\", \"setInterval(() => {}, 1 << 30)\"]\n").getBytes(StandardCharsets.UTF_8), 0644);
      new ImageBuild(builder.docker()).build(context, support.cacheDir, silentImage, Map.of());
    }
    launcher = DockerLauncher.connect(support.settings(OfflineImages.AUTO, Set.of(silentImage)));
    docker = launcher.docker();
    AgentSettings settings = new AgentSettings(support.agentName, "127.0.0.1", 0, AgentSettings.DEFAULT_LEASE,
        AgentLimitsConfig.DEFAULT, Set.of(silentImage), Optional.empty(), Optional.empty(),
        support.cacheDir.resolve("agent"));
    agent = AgentServer.start(settings, new Launchers(List.of(launcher), Map.of()), support.runtimes);
  }

  @AfterAll
  void stopAgent() throws TargetException {
    agent.close(); // closes the launcher's engine client too
    try (DockerLauncher cleaner = support.connect(OfflineImages.AUTO)) {
      support.cleanUp(cleaner.docker());
    }
  }

  @BeforeEach
  void dial() {
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", agent.port(), InsecureChannelCredentials.create()).build();
  }

  @AfterEach
  void hangUp() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void aControllerThatDiesDuringTheHealthWaitTakesTheContainerWithIt() throws Exception {
    StreamObserver<SessionMessage> session = openSession("dies");
    String container = startNeverHealthyTarget("dies", session);

    // What kill -9 of the controller does to its side: every stream and the connection end at once.
    long ended = System.nanoTime();
    channel.shutdownNow();
    Duration gone = awaitRemoval(container, ended);

    System.out.printf("controller gone during the health wait: container removed after %d ms (health timeout %d s)%n",
        gone.toMillis(), HEALTH_TIMEOUT_MS / 1000);
    assertThat(gone).isLessThan(REMOVAL_LIMIT);
  }

  @Test
  void aSessionThatEndsDuringTheHealthWaitCallsTheStartOff() throws Exception {
    StreamObserver<SessionMessage> session = openSession("ends");
    CompletableFuture<Throwable> startFailure = new CompletableFuture<>();
    String container = startNeverHealthyTarget("ends", session, startFailure);

    // The session ends while the start call itself stays open: only the session can call it off.
    long ended = System.nanoTime();
    session.onCompleted();
    Duration gone = awaitRemoval(container, ended);

    System.out.printf("session ended during the health wait: container removed after %d ms (health timeout %d s)%n",
        gone.toMillis(), HEALTH_TIMEOUT_MS / 1000);
    assertThat(gone).isLessThan(REMOVAL_LIMIT);
    assertThat(startFailure.get(REMOVAL_LIMIT.toSeconds(), TimeUnit.SECONDS))
        .hasMessageContaining("its session ended");
    assertThat(agent.busyWith()).isEmpty();
  }

  private StreamObserver<SessionMessage> openSession(String run) throws Exception {
    CompletableFuture<String> opened = new CompletableFuture<>();
    StreamObserver<SessionMessage> session = AgentGrpc.newStub(channel).session(new StreamObserver<>() {
      @Override
      public void onNext(SessionEvent event) {
        if (event.hasOpened()) {
          opened.complete(event.getOpened().getSessionId());
        }
      }

      @Override
      public void onError(Throwable t) {
        opened.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        opened.completeExceptionally(new IllegalStateException("session ended before it opened"));
      }
    });
    session.onNext(SessionMessage.newBuilder().setOpen(OpenSession.newBuilder().setRunId(run).setController("test"))
        .build());
    sessionIds.put(session, opened.get(30, TimeUnit.SECONDS));
    return session;
  }

  private String startNeverHealthyTarget(String cell, StreamObserver<SessionMessage> session) throws Exception {
    return startNeverHealthyTarget(cell, session, new CompletableFuture<>());
  }

  /** Asks for a container that runs and never listens; returns it once it runs. */
  private String startNeverHealthyTarget(String cell, StreamObserver<SessionMessage> session,
      CompletableFuture<Throwable> failure) throws Exception {
    TargetSpec spec = TargetSpec.newBuilder().setRuntime(silentImage).setLauncher("docker").setCpus(0.5)
        .setMemoryBytes(128 * DockerItSupport.MIB).setPort(DockerItSupport.freePort()).setBindHost("127.0.0.1")
        .setHealthPath("/json").setHealthTimeoutMs(HEALTH_TIMEOUT_MS).build();
    AgentGrpc.newStub(channel).startTarget(StartTargetRequest.newBuilder().setSessionId(sessionIds.get(session))
        .setCellId(cell).setSpec(spec).build(), new StreamObserver<TargetStarted>() {
          @Override
          public void onNext(TargetStarted started) {
            failure.completeExceptionally(new AssertionError("a target that never answers 200 started: " + started));
          }

          @Override
          public void onError(Throwable t) {
            failure.complete(t);
          }

          @Override
          public void onCompleted() {
          }
        });
    // The image build comes first (minutes on a cold cache); then the container runs and is polled.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      Optional<Container> running = support.containersOfThisAgent(docker).stream()
          .filter(c -> "running".equals(c.getState())).findFirst();
      if (running.isPresent()) {
        return running.get().getId();
      }
      assertThat(failure).as("the start failed before its container ran").isNotDone();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    throw new AssertionError("the never-healthy target's container never ran");
  }

  private Duration awaitRemoval(String container, long since) {
    while (System.nanoTime() - since < REMOVAL_LIMIT.toNanos()) {
      try {
        docker.inspectContainerCmd(container).exec();
      } catch (NotFoundException gone) {
        return Duration.ofNanos(System.nanoTime() - since);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    return REMOVAL_LIMIT;
  }
}
