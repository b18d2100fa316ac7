package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.controller.plan.AgentEndpoint;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.PlanParser;
import gauntlet.core.AgentVersion;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.AgentInfo;
import gauntlet.v1.DescribeRequest;
import gauntlet.v1.SessionEvent;
import gauntlet.v1.SessionMessage;
import gauntlet.v1.SessionOpened;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentPoolTest {
  private static final Plan PLAN = PlanParser.parse("""
      agents: {a1: 127.0.0.1:7070}
      target: {agent: a1, runtime: go}
      load: {agents: [a1], url: "http://{target}:3000/"}
      """, "plan.yaml");

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final SessionTerms terms = new SessionTerms("run-1", "test", Duration.ofSeconds(10), scheduler);
  private final AtomicInteger describes = new AtomicInteger();
  private final List<InProcessAgent> agents = new ArrayList<>();

  @AfterEach
  void stop() {
    agents.forEach(InProcessAgent::close);
    scheduler.shutdownNow();
  }

  /** How the test's agent answers a session's opening. */
  private enum Opening { SAYS_WHO, SAYS_NOTHING_MORE, NO_SESSIONS }

  @Test
  void anAgentThatSaysWhoItIsInItsSessionIsNotDescribed() throws Exception {
    try (AgentPool pool = AgentPool.connect(PLAN, dialing(agent(info("0.1.0"), Opening.SAYS_WHO)), terms)) {
      assertThat(pool.link("a1").info().getHostname()).isEqualTo("sim-a1");
      assertThat(pool.lost("a1")).isFalse();
    }
    assertThat(describes).hasValue(0);
  }

  @Test
  void anOlderAgentIsDescribedOnceItsSessionIsOpen() throws Exception {
    try (AgentPool pool = AgentPool.connect(PLAN, dialing(agent(info("0.1.0"), Opening.SAYS_NOTHING_MORE)), terms)) {
      assertThat(pool.link("a1").info().getHostname()).isEqualTo("sim-a1");
    }
    assertThat(describes).hasValue(1);
  }

  @Test
  void anAgentOfAnotherMajorVersionIsRefusedWithItsVersion() throws Exception {
    assertThatThrownBy(() -> AgentPool.connect(PLAN, dialing(agent(info("99.0.0"), Opening.SAYS_WHO)), terms))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("runs Gauntlet 99.0.0 but this controller is " + AgentVersion.current()
            + "; run the same version on both");
  }

  /** An agent of an older release that has no sessions: Describe tells the user which release. */
  @Test
  void anAgentWithoutSessionsIsRefusedWithItsVersion() throws Exception {
    assertThatThrownBy(() -> AgentPool.connect(PLAN, dialing(agent(info("99.0.0"), Opening.NO_SESSIONS)), terms))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("runs Gauntlet 99.0.0 but this controller is " + AgentVersion.current());
    assertThat(describes).hasValue(1);
  }

  /** An agent that answers Describe with {@code info}, and a session's opening as {@code opening} says. */
  private AgentGrpc.AgentImplBase agent(AgentInfo info, Opening opening) {
    return new AgentGrpc.AgentImplBase() {

      @Override
      public void describe(DescribeRequest request, StreamObserver<AgentInfo> reply) {
        describes.incrementAndGet();
        reply.onNext(info);
        reply.onCompleted();
      }

      @Override
      public StreamObserver<SessionMessage> session(StreamObserver<SessionEvent> events) {
        if (opening == Opening.NO_SESSIONS) {
          return super.session(events);
        }
        return new StreamObserver<>() {
          @Override
          public void onNext(SessionMessage message) {
            if (message.hasOpen()) {
              SessionOpened.Builder opened = SessionOpened.newBuilder().setSessionId("s-1");
              if (opening == Opening.SAYS_WHO) {
                opened.setAgent(info);
              }
              events.onNext(SessionEvent.newBuilder().setOpened(opened).build());
            }
          }

          @Override
          public void onError(Throwable t) { }

          @Override
          public void onCompleted() {
            events.onCompleted();
          }
        };
      }
    };
  }

  private AgentDialer dialing(AgentGrpc.AgentImplBase service) throws Exception {
    InProcessAgent agent = InProcessAgent.serving(service);
    agents.add(agent);
    return new AgentDialer() {
      @Override
      public AgentConnection dial(AgentEndpoint endpoint) {
        return agent.connection();
      }

      @Override
      public void close() { }
    };
  }

  private static AgentInfo info(String version) {
    return AgentInfo.newBuilder().setName("a1").setVersion(version).setHostname("sim-a1").setCores(2)
        .addLaunchers("process").setDefaultLauncher("process").build();
  }
}
