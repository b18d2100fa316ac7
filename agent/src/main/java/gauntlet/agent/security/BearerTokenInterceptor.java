package gauntlet.agent.security;

import gauntlet.core.security.BearerCredentials;
import gauntlet.core.security.BearerToken;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a call through only when it carries the agent's token as {@code authorization: Bearer
 * <token>}. Every method is guarded, Describe and Clock included: an unauthenticated caller learns
 * nothing about the machine and starts nothing. Refusals are UNAUTHENTICATED and logged with the
 * caller's address.
 */
public final class BearerTokenInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(BearerTokenInterceptor.class);

  private static final Metadata.Key<String> AUTHORIZATION = BearerCredentials.AUTHORIZATION;
  private static final String SCHEME = "Bearer ";

  private final BearerToken token;
  private final RefusalLog refusals = new RefusalLog(RefusalLog.WINDOW, System::nanoTime, log::warn);

  public BearerTokenInterceptor(BearerToken token) {
    this.token = token;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String header = headers.get(AUTHORIZATION);
    String refusal = refusal(header);
    if (refusal == null) {
      return next.startCall(call, headers);
    }
    SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    refusals.refused(call.getMethodDescriptor().getBareMethodName(), peer == null ? "an unknown peer" : peer.toString(),
        refusal);
    call.close(Status.UNAUTHENTICATED.withDescription(refusal), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  /** Why the header does not authenticate the caller, or null when it does. */
  private String refusal(String header) {
    if (header == null || header.isEmpty()) {
      return "no token; this agent requires one (set auth.token_file in the plan to the agent's token file)";
    }
    if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return "the authorization header is not a Bearer token";
    }
    if (!token.matches(header.substring(SCHEME.length()).strip())) {
      return "wrong token; auth.token_file must hold the same token as the agent's --token-file";
    }
    return null;
  }
}
