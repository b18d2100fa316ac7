package gauntlet.agent.security;

import gauntlet.core.security.BearerToken;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who may command an agent: holders of its token, controllers with a certificate from its client
 * CA, or (loopback only) anyone on this machine.
 *
 * @param token the shared secret every call must carry; empty: none asked
 * @param tls the agent's TLS; empty: plaintext gRPC
 */
public record AgentSecurity(Optional<BearerToken> token, Optional<ServerTls> tls) {
  /** Plaintext and no token: only for agents on loopback. */
  public static final AgentSecurity NONE = new AgentSecurity(Optional.empty(), Optional.empty());

  /** True when callers must prove who they are (a token, or a client certificate). */
  public boolean authenticates() {
    return token.isPresent() || tls.map(ServerTls::mutual).orElse(false);
  }

  public ServerCredentials serverCredentials() {
    return tls.map(ServerTls::credentials).orElseGet(InsecureServerCredentials::create);
  }

  /** Interceptors to run before every call, in {@code ServerInterceptors.intercept} order (the last runs first). */
  public List<ServerInterceptor> interceptors() {
    List<ServerInterceptor> interceptors = new ArrayList<>();
    token.ifPresent(t -> interceptors.add(new BearerTokenInterceptor(t)));
    return interceptors;
  }

  /** For the agent's start-up line, e.g. "token, mutual TLS". */
  public String describe() {
    List<String> parts = new ArrayList<>();
    token.ifPresent(t -> parts.add("token"));
    tls.ifPresent(t -> parts.add(t.mutual() ? "mutual TLS" : "TLS"));
    return parts.isEmpty() ? "no authentication (loopback only)" : String.join(", ", parts);
  }
}
