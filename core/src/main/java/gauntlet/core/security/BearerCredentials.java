package gauntlet.core.security;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** Sends a {@link BearerToken} with every call, as the agent's interceptor expects it. */
public final class BearerCredentials extends CallCredentials {
  /** The header gRPC clients conventionally carry credentials in. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Metadata headers = new Metadata();

  public BearerCredentials(BearerToken token) {
    headers.put(AUTHORIZATION, token.headerValue());
  }

  @Override
  public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    // Also over plaintext: a token on a link a mesh (WireGuard, Tailscale) already encrypts is the
    // intended use; links nothing encrypts should use TLS (docs/security.md).
    Metadata copy = new Metadata();
    copy.merge(headers);
    applier.apply(copy);
  }
}
