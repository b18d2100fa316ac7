package gauntlet.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.LoadSpec;
import gauntlet.v1.RunLoadRequest;
import gauntlet.v1.SessionMessage;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests beyond the agent's limits are refused, each with one sentence naming the limit and its flag. */
class RequestLimitsIT {
  private static final AgentLimitsConfig LIMITS = new AgentLimitsConfig(20, 2, Duration.ofSeconds(30), 64 * 1024);

  @TempDir
  static Path work;
  private static AgentServer agent;
  private static ManagedChannel channel;
  private static StreamObserver<SessionMessage> session;
  private static String sessionId;

  @BeforeAll
  static void startAgentAndSession() throws Exception {
    agent = TestAgents.start(TestAgents.uniqueName("limits-it"), "127.0.0.1", work, AgentSecurity.NONE, LIMITS);
    channel = TestAgents.channel("127.0.0.1", agent.port(), InsecureChannelCredentials.create());
    TestAgents.OpenedSession opened = TestAgents.openSession(AgentGrpc.newStub(channel), "limits");
    session = opened.requests();
    sessionId = opened.id();
  }

  @AfterAll
  static void stop() throws Exception {
    session.onCompleted();
    TestAgents.close(channel);
    agent.close();
  }

  private static Status refusal(LoadSpec.Builder spec) {
    StatusRuntimeException e = org.assertj.core.api.Assertions.catchThrowableOfType(StatusRuntimeException.class,
        () -> AgentGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
            .runLoad(RunLoadRequest.newBuilder().setSessionId(sessionId).setCellId("c").setSpec(spec).build())
            .hasNext());
    assertThat(e).as("the request was refused").isNotNull();
    return e.getStatus();
  }

  private static LoadSpec.Builder withinLimits() throws Exception {
    return LoadSpec.newBuilder().setUrl("http://127.0.0.1:" + TestAgents.freePort() + "/").setThreads(1)
        .setConnections(1).setDurationMs(1000);
  }

  @Test
  void aMessageAboveTheMaximumSizeIsRefusedBeforeItIsRead() throws Exception {
    Status status = refusal(withinLimits().setBody(ByteString.copyFrom(new byte[100 * 1024])));
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription()).contains("exceeds maximum size 65536");
  }

  @Test
  void loadBeyondTheAgentsLimitsIsRefusedNamingTheLimitAndItsFlag() throws Exception {
    Status connections = refusal(withinLimits().setConnections(21));
    assertThat(connections.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(connections.getDescription())
        .isEqualTo("connections 21 is above this agent's limit of 20 (its --max-connections)");
    assertThat(refusal(withinLimits().setThreads(3)).getDescription())
        .isEqualTo("threads 3 is above this agent's limit of 2 (its --max-threads)");
    assertThat(refusal(withinLimits().setDurationMs(25_000).setWarmupMs(10_000)).getDescription())
        .isEqualTo("warm-up plus duration of 35 s is above this agent's limit of 30 s (its --max-duration)");
    assertThat(agent.busyWith()).as("the session survives refused requests").hasValue("limits");
  }

  @Test
  void aSecondControllerIsToldTheAgentIsBusyWithTheRun() throws Exception {
    ManagedChannel other = TestAgents.channel("127.0.0.1", agent.port(), InsecureChannelCredentials.create());
    try {
      CompletableFuture<Status> ended = TestAgents.sessionOutcome(AgentGrpc.newStub(other), "second");
      Status status = ended.get(20, TimeUnit.SECONDS);
      assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(status.getDescription()).startsWith("Agent busy with run 'limits' of controller");
    } finally {
      TestAgents.close(other);
    }
  }
}
