package gauntlet.agent.security;

import gauntlet.core.security.BearerCredentials;

import gauntlet.core.security.BearerToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.target.HostRuntimes;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.ClockRequest;
import gauntlet.v1.DescribeRequest;
import gauntlet.v1.LoadSpec;
import gauntlet.v1.OpenProbeSinkRequest;
import gauntlet.v1.ProbeRequest;
import gauntlet.v1.RunLoadRequest;
import gauntlet.v1.StartTargetRequest;
import gauntlet.v1.StopTargetRequest;
import gauntlet.v1.TargetSpec;
import gauntlet.v1.TargetStarted;
import gauntlet.v1.WatchTargetRequest;
import io.grpc.CallCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token-protected agent over real gRPC on loopback: every call needs the token, and nothing runs without it. */
class AgentAuthenticationIT {
  @TempDir
  static Path work;
  private static AgentServer agent;
  private static BearerToken token;
  private ManagedChannel channel;

  @BeforeAll
  static void startAgent() throws Exception {
    token = BearerToken.read(TestAgents.tokenFile(work, "token"), "--token-file");
    agent = TestAgents.start(TestAgents.uniqueName("auth-it"), "127.0.0.1", work.resolve("agent"),
        new AgentSecurity(java.util.Optional.of(token), java.util.Optional.empty()), AgentLimitsConfig.DEFAULT);
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  @AfterEach
  void closeChannel() throws InterruptedException {
    if (channel != null) {
      TestAgents.close(channel);
    }
  }

  private AgentGrpc.AgentBlockingStub stub(CallCredentials credentials) {
    channel = TestAgents.channel("127.0.0.1", agent.port(), InsecureChannelCredentials.create());
    AgentGrpc.AgentBlockingStub stub = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    return credentials == null ? stub : stub.withCallCredentials(credentials);
  }

  /** Every RPC of the service, as a call that throws the status it ends with. */
  private static Map<String, Function<AgentGrpc.AgentBlockingStub, Object>> everyCall(int port) {
    Map<String, Function<AgentGrpc.AgentBlockingStub, Object>> calls = new LinkedHashMap<>();
    calls.put("Describe", s -> s.describe(DescribeRequest.getDefaultInstance()));
    calls.put("Clock", s -> s.clock(ClockRequest.getDefaultInstance()));
    calls.put("StartTarget", s -> s.startTarget(StartTargetRequest.newBuilder().setSessionId("any").setCellId("c")
        .setSpec(TargetSpec.newBuilder().setRuntime("node").setPort(port).setBindHost("127.0.0.1")).build()));
    calls.put("StopTarget", s -> s.stopTarget(StopTargetRequest.newBuilder().setSessionId("any").setTargetId("t").build()));
    calls.put("WatchTarget", s -> s.watchTarget(WatchTargetRequest.newBuilder().setSessionId("any").build()).hasNext());
    calls.put("RunLoad", s -> s.runLoad(RunLoadRequest.newBuilder().setSessionId("any").setSpec(LoadSpec.newBuilder()
        .setUrl("http://127.0.0.1:" + port + "/").setThreads(1).setConnections(1).setDurationMs(1000)).build()).hasNext());
    calls.put("OpenProbeSink", s -> s.openProbeSink(OpenProbeSinkRequest.newBuilder().setSessionId("any")
        .setBindHost("127.0.0.1").build()));
    calls.put("Probe", s -> s.probe(ProbeRequest.newBuilder().setSessionId("any").setHost("127.0.0.1").setPort(port)
        .setRttSamples(1).build()));
    return calls;
  }

  @Test
  void everyCallWithoutATokenIsUnauthenticatedAndStartsNothing() throws Exception {
    int port = TestAgents.freePort();
    for (var call : everyCall(port).entrySet()) {
      assertThatThrownBy(() -> call.getValue().apply(stub(null)))
          .as(call.getKey())
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription()).startsWith("no token; this agent requires one");
          });
      TestAgents.close(channel);
    }
    assertThat(openSession(null).get(20, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);

    assertThat(agent.busyWith()).as("no session was opened").isEmpty();
    assertThat(TestAgents.listening(port)).as("no target listens on " + port).isFalse();
    assertThat(TestAgents.entries(work.resolve("agent/targets"))).as("no target was prepared").isEmpty();
  }

  @Test
  void wrongTokenOrSchemeIsUnauthenticated() throws Exception {
    BearerToken other = BearerToken.read(TestAgents.tokenFile(work, "other"), "--token-file");
    assertThatThrownBy(() -> stub(new BearerCredentials(other)).describe(DescribeRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).startsWith("wrong token");
        });
    TestAgents.close(channel);

    Metadata basic = new Metadata();
    basic.put(BearerCredentials.AUTHORIZATION, "Basic " + token.headerValue().substring("Bearer ".length()));
    assertThatThrownBy(() -> stub(null).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(basic))
        .clock(ClockRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).isEqualTo("the authorization header is not a Bearer token");
        });
    TestAgents.close(channel);

    assertThat(openSession(new BearerCredentials(other)).get(20, TimeUnit.SECONDS).getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(agent.busyWith()).isEmpty();
  }

  @Test
  void theRightTokenOpensASessionThatStartsAndStopsATarget() throws Exception {
    assumeThat(HostRuntimes.detect().status("node").available()).as("node is installed").isTrue();
    BearerCredentials credentials = new BearerCredentials(token);
    assertThat(stub(credentials).describe(DescribeRequest.getDefaultInstance()).getName()).startsWith("auth-it-");
    TestAgents.close(channel);

    channel = TestAgents.channel("127.0.0.1", agent.port(), InsecureChannelCredentials.create());
    TestAgents.OpenedSession session = TestAgents.openSession(AgentGrpc.newStub(channel).withCallCredentials(credentials),
        "auth-run");
    String sessionId = session.id();
    int port = TestAgents.freePort();
    try {
      AgentGrpc.AgentBlockingStub stub = AgentGrpc.newBlockingStub(channel).withCallCredentials(credentials)
          .withDeadlineAfter(60, TimeUnit.SECONDS);
      TargetStarted started = stub.startTarget(StartTargetRequest.newBuilder().setSessionId(sessionId).setCellId("c")
          .setSpec(TargetSpec.newBuilder().setRuntime("node").setPort(port).setBindHost("127.0.0.1")).build());
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      stub.stopTarget(StopTargetRequest.newBuilder().setSessionId(sessionId).setTargetId(started.getTargetId()).build());
    } finally {
      session.requests().onCompleted();
    }
    assertThat(TestAgents.listening(port)).isFalse();
  }

  /** Opens a session stream; completes with the status it ended with. */
  private CompletableFuture<Status> openSession(CallCredentials credentials) {
    channel = TestAgents.channel("127.0.0.1", agent.port(), InsecureChannelCredentials.create());
    AgentGrpc.AgentStub stub = AgentGrpc.newStub(channel);
    return TestAgents.sessionOutcome(credentials == null ? stub : stub.withCallCredentials(credentials), "intruder");
  }
}
