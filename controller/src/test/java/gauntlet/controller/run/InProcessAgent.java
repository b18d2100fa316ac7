package gauntlet.controller.run;

import gauntlet.v1.AgentGrpc;
import gauntlet.v1.SessionEvent;
import gauntlet.v1.SessionMessage;
import gauntlet.v1.SessionOpened;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.function.BiConsumer;

/** A test's agent service on an in-process transport, and the controller's connection to it. */
final class InProcessAgent implements AutoCloseable {
  private final Server server;
  private final AgentConnection connection;

  private InProcessAgent(Server server, AgentConnection connection) {
    this.server = server;
    this.connection = connection;
  }

  /** Serves {@code service} as agent "a1". */
  static InProcessAgent serving(AgentGrpc.AgentImplBase service) throws IOException {
    String name = InProcessServerBuilder.generateName();
    Server server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
    return new InProcessAgent(server, AgentConnection.over("a1", "in-process " + name,
        InProcessChannelBuilder.forName(name).directExecutor().build()));
  }

  /**
   * An agent's end of a session stream that opens the session and hands every later message, with
   * the stream to answer on, to {@code messages}.
   */
  static StreamObserver<SessionMessage> session(StreamObserver<SessionEvent> events,
      BiConsumer<SessionMessage, StreamObserver<SessionEvent>> messages) {
    return new StreamObserver<>() {
      @Override
      public void onNext(SessionMessage message) {
        if (message.hasOpen()) {
          events.onNext(SessionEvent.newBuilder().setOpened(SessionOpened.newBuilder().setSessionId("s-1")).build());
        } else {
          messages.accept(message, events);
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

  AgentConnection connection() {
    return connection;
  }

  @Override
  public void close() {
    connection.close();
    server.shutdownNow();
  }
}
