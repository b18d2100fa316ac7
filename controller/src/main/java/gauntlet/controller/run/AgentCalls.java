package gauntlet.controller.run;

import gauntlet.core.IpLiterals;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Turns a failed call into one sentence that names the agent and what it said. */
final class AgentCalls {
  private AgentCalls() {}

  static RunException failure(String agent, String address, String doing, Throwable t) {
    Status status = Status.fromThrowable(t);
    if (status.getCode() == Status.Code.UNAVAILABLE && !(t instanceof AgentLostException)) {
      java.util.Optional<String> tls = TlsFailures.explain(t, host(address));
      if (tls.isPresent()) {
        return new RunException("TLS handshake with agent '" + agent + "' at " + address + " failed while " + doing
            + ": " + tls.get(), t);
      }
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
          + status.getDescription(), t);
    }
    if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
      return new RunException("Agent '" + agent + "' at " + address + " refused a request while " + doing
          + " as too large (" + status.getDescription() + "); raise the agent's --max-message-size", t);
    }
    String description = status.getDescription() != null ? status.getDescription() : String.valueOf(t.getMessage());
    return new RunException("Agent '" + agent + "' failed while " + doing + ": " + description, t);
  }

  /** The host part of {@code host:port} or {@code [v6]:port}. */
  private static String host(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon > 0 ? address.substring(0, colon) : address;
    return IpLiterals.unbracket(host);
  }

  static boolean isStatus(Throwable t, Status.Code code) {
    return t instanceof StatusRuntimeException s && s.getStatus().getCode() == code;
  }
}
