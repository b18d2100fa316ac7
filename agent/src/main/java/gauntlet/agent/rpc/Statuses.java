package gauntlet.agent.rpc;

import gauntlet.agent.session.AgentBusyException;
import gauntlet.agent.session.SessionClosedException;
import gauntlet.agent.target.TargetException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** How the agent's failures travel: a gRPC status whose description is the user-facing sentence. */
final class Statuses {
  private Statuses() {}

  static StatusRuntimeException of(Throwable failure) {
    Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (t instanceof StatusRuntimeException s) {
      return s;
    }
    if (t instanceof TargetException e) {
      return Status.FAILED_PRECONDITION.withDescription(e.describe()).asRuntimeException();
    }
    if (t instanceof AgentBusyException e) {
      return Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
    }
    if (t instanceof SessionClosedException e) {
      return Status.ABORTED.withDescription(e.getMessage()).asRuntimeException();
    }
    if (t instanceof IllegalArgumentException e) {
      return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
    return Status.INTERNAL.withDescription("Agent failure: " + t).withCause(t).asRuntimeException();
  }
}
