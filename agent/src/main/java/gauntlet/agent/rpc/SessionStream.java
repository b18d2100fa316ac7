package gauntlet.agent.rpc;

import gauntlet.core.AgentVersion;
import gauntlet.agent.session.AgentBusyException;
import gauntlet.agent.session.Session;
import gauntlet.agent.session.Sessions;
import gauntlet.core.WallClock;
import gauntlet.v1.AgentInfo;
import gauntlet.v1.ClockProbe;
import gauntlet.v1.ClockReading;
import gauntlet.v1.Heartbeat;
import gauntlet.v1.OpenSession;
import gauntlet.v1.SessionEvent;
import gauntlet.v1.SessionMessage;
import gauntlet.v1.SessionOpened;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller's session stream: the first message opens the session, then each heartbeat renews
 * the lease and is echoed (unless the session's load reports or resource samples went out since the
 * last one: a thousand agents' echoes cost the controller as much as their reports), and each clock
 * probe is answered with the agent's clock. When the stream breaks the session ends, and when the
 * lease expires the stream is ended by the agent, so both sides learn of a loss within one lease.
 */
final class SessionStream implements StreamObserver<SessionMessage> {
  private static final Logger log = LoggerFactory.getLogger(SessionStream.class);

  private final Sessions sessions;
  private final StreamObserver<SessionEvent> out;
  private final String peer;
  private final Supplier<AgentInfo> info;
  private Session session;
  private boolean outClosed;

  /** @param info what Describe would answer, sent with the session's opening */
  SessionStream(Sessions sessions, StreamObserver<SessionEvent> out, String peer, Supplier<AgentInfo> info) {
    this.sessions = sessions;
    this.out = out;
    this.peer = peer;
    this.info = info;
  }

  @Override
  public void onNext(SessionMessage message) {
    switch (message.getKindCase()) {
      case OPEN -> open(message.getOpen());
      case HEARTBEAT -> heartbeat(message.getHeartbeat());
      case CLOCK_PROBE -> clock(message.getClockProbe());
      default -> fail(Status.INVALID_ARGUMENT.withDescription("Empty session message"));
    }
  }

  private void open(OpenSession request) {
    if (session != null) {
      fail(Status.FAILED_PRECONDITION.withDescription("This stream already opened session " + session.id()));
      return;
    }
    String controllerMajor = AgentVersion.major(request.getControllerVersion());
    String agentMajor = AgentVersion.major(AgentVersion.current());
    if (!request.getControllerVersion().isEmpty() && !controllerMajor.equals(agentMajor)) {
      fail(Status.FAILED_PRECONDITION.withDescription("Controller version " + request.getControllerVersion()
          + " does not match agent version " + AgentVersion.current() + "; run the same Gauntlet version on both"));
      return;
    }
    try {
      String controller = request.getController().isBlank() ? peer : request.getController() + " (" + peer + ")";
      Session opened = sessions.open(request.getRunId(), controller, request.getLeaseMs());
      session = opened;
      // Ending the session (lease expiry, agent shutdown) ends the stream, so the controller hears of it.
      opened.own("session stream", () -> fail(Status.UNAVAILABLE.withDescription(
          "Session of run '" + opened.runId() + "' ended by the agent (lease expired or agent stopping)")));
      send(SessionEvent.newBuilder().setOpened(SessionOpened.newBuilder()
          .setSessionId(opened.id())
          .setLeaseMs(opened.lease().toMillis())
          .setAgentVersion(AgentVersion.current())
          .setAgent(info.get())).build());
    } catch (AgentBusyException e) {
      fail(Status.FAILED_PRECONDITION.withDescription(e.getMessage()));
    } catch (IllegalArgumentException e) {
      fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
    }
  }

  private void heartbeat(Heartbeat heartbeat) {
    if (session == null) {
      fail(Status.FAILED_PRECONDITION.withDescription("Heartbeat before the session was opened"));
      return;
    }
    if (!sessions.heartbeat(session)) {
      send(SessionEvent.newBuilder().setHeartbeat(heartbeat).build());
    }
  }

  private void clock(ClockProbe probe) {
    if (session == null) {
      fail(Status.FAILED_PRECONDITION.withDescription("Clock probe before the session was opened"));
      return;
    }
    send(SessionEvent.newBuilder().setClock(ClockReading.newBuilder()
        .setSequence(probe.getSequence()).setUnixNanos(WallClock.nowUnixNanos())).build());
  }

  @Override
  public void onError(Throwable t) {
    endSession("controller connection lost: " + Status.fromThrowable(t).getCode());
  }

  @Override
  public void onCompleted() {
    // The answer waits for the session's end, so a controller that waits for it (a `gauntlet run`
    // exiting) leaves the agent free and what the session started stopped: a run refused after its
    // session opened, then the next one at once, found the agent still busy. The stream is marked
    // closed first: ending the session closes the stream it owns, which would otherwise tell the
    // controller, wrongly, that the agent ended it; and nothing else writes to it after the mark.
    boolean answer;
    synchronized (this) {
      answer = !outClosed;
      outClosed = true;
    }
    endSession("controller ended the session");
    if (answer) {
      out.onCompleted();
    }
  }

  private void endSession(String why) {
    Session ending = session;
    if (ending != null) {
      sessions.end(ending, why);
    }
  }

  private synchronized void send(SessionEvent event) {
    if (!outClosed) {
      out.onNext(event);
    }
  }

  private void fail(Status status) {
    synchronized (this) {
      if (outClosed) {
        return;
      }
      outClosed = true;
      try {
        out.onError(status.asRuntimeException());
      } catch (IllegalStateException e) {
        log.debug("Session stream already closed: {}", e.toString());
      }
    }
    endSession(status.getDescription());
  }
}
