package gauntlet.controller.run;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Turns a failed call into one sentence that names the agent and what it said. */
final class AgentCalls {
  private AgentCalls() {}

  static RunException failure(String agent, String address, String doing, Throwable t) {
    Status status = Status.fromThrowable(t);
    if (status.getCode() == Status.Code.UNAVAILABLE && !(t instanceof AgentLostException)) {
      String why = status.getDescription() == null ? "" : " (" + status.getDescription() + ")";
      if (status.getCause() != null && status.getDescription() == null) {
        why = " (" + status.getCause().getMessage() + ")";
      }
      return new RunException("Agent '" + agent + "' at " + address + " is unreachable while " + doing + why
          + "; is `gauntlet agent` running there and the address right?", t);
    }
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return new RunException("Agent '" + agent + "' at " + address + " did not answer in time while " + doing, t);
    }
    if (status.getCode() == Status.Code.UNAUTHENTICATED) {
      return new RunException("Agent '" + agent + "' at " + address + " refused the controller: "
          + status.getDescription() + "; check auth.token_file in the plan", t);
    }
    String description = status.getDescription() != null ? status.getDescription() : String.valueOf(t.getMessage());
    return new RunException("Agent '" + agent + "' failed while " + doing + ": " + description, t);
  }

  static boolean isStatus(Throwable t, Status.Code code) {
    return t instanceof StatusRuntimeException s && s.getStatus().getCode() == code;
  }
}
