package gauntlet.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionsTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Sessions sessions = new Sessions(Duration.ofSeconds(10), now::get);
  private final List<String> closed = new ArrayList<>();

  @AfterEach
  void tearDown() {
    sessions.close();
  }

  @Test
  void secondControllerIsToldWhichRunHoldsTheAgent() throws Exception {
    sessions.open("phase4-cloud", "alice@laptop", 0);

    assertThatThrownBy(() -> sessions.open("other-run", "bob@vm", 0))
        .isInstanceOf(AgentBusyException.class)
        .hasMessageContaining("Agent busy with run 'phase4-cloud'")
        .hasMessageContaining("alice@laptop");
  }

  @Test
  void endedSessionFreesTheAgentAndClosesWhatItOwnedNewestFirst() throws Exception {
    Session session = sessions.open("run", "c", 0);
    session.own("target", () -> closed.add("target"));
    session.own("load", () -> closed.add("load"));

    sessions.end(session, "controller ended the session");

    assertThat(closed).containsExactly("load", "target");
    assertThat(sessions.busyWith()).isEmpty();
    assertThat(sessions.open("next", "c", 0).runId()).isEqualTo("next");
  }

  @Test
  void silentControllerLosesItsSessionWhenTheLeaseExpires() throws Exception {
    Session session = sessions.open("run", "c", 0);
    session.own("target", () -> closed.add("target"));

    now.addAndGet(Duration.ofSeconds(9).toNanos());
    sessions.expireSilentSession();
    assertThat(closed).isEmpty();

    sessions.heartbeat(session);
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    sessions.expireSilentSession();
    assertThat(closed).as("a heartbeat renews the lease").isEmpty();

    now.addAndGet(Duration.ofSeconds(2).toNanos());
    sessions.expireSilentSession();
    assertThat(closed).containsExactly("target");
    assertThat(session.isClosed()).isTrue();
    assertThat(sessions.find(session.id())).isEmpty();
  }

  @Test
  void heartbeatNeedsAnEchoOnlyWhenNothingWasReportedSinceTheLastOne() throws Exception {
    Session session = sessions.open("run", "c", 0);

    assertThat(sessions.heartbeat(session)).as("nothing sent yet: echo").isFalse();
    session.reported();
    session.reported();
    assertThat(sessions.heartbeat(session)).as("reports went out: they answer it").isTrue();
    assertThat(sessions.heartbeat(session)).as("none since the last heartbeat: echo again").isFalse();
  }

  @Test
  void resourceStartedAfterTheSessionEndedIsClosedAtOnce() throws Exception {
    Session session = sessions.open("run", "c", 0);
    sessions.end(session, "lease expired");

    assertThatThrownBy(() -> session.own("late target", () -> closed.add("late target")))
        .isInstanceOf(SessionClosedException.class)
        .hasMessageContaining("late target");
    assertThat(closed).containsExactly("late target");
  }

  @Test
  void releasedResourceIsClosedOnceAndForgotten() throws Exception {
    Session session = sessions.open("run", "c", 0);
    session.own("t1", "target one", () -> closed.add("t1"));

    session.release("t1");
    sessions.end(session, "done");

    assertThat(closed).containsExactly("t1");
    assertThat(session.find("t1", AutoCloseable.class)).isEmpty();
  }

  @Test
  void leaseAboveTheAgentsLimitIsRefusedWithTheLimit() {
    assertThatThrownBy(() -> sessions.open("run", "c", Duration.ofHours(1).toMillis()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3600 s")
        .hasMessageContaining("600 s");
  }

  @Test
  void leaseBelowASecondIsRefusedWithTheLeast() {
    assertThatThrownBy(() -> sessions.open("run", "c", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lease of 1 ms is below the agent's least of 1000 ms");
  }
}
