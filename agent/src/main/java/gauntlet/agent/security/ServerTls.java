package gauntlet.agent.security;

import gauntlet.core.security.TlsFiles;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The agent's TLS: its certificate and key, and optionally the CA whose certificates controllers
 * must present (mutual TLS), which then authenticates them. Files are read and checked when the
 * settings are made, so a mistake stops the agent before it listens.
 *
 * @param cert the agent's certificate chain (PEM), its own certificate first
 * @param key the certificate's private key (PEM)
 * @param clientCa CA that signed the controllers' certificates; empty: any client may connect
 */
public record ServerTls(Path cert, Path key, Optional<Path> clientCa) {
  public ServerTls {
    // Reading now makes every mistake an error at start-up, naming the flag.
    TlsFiles.keyManagers(cert, "--tls-cert", key, "--tls-key");
    clientCa.ifPresent(ca -> TlsFiles.trustManagers(ca, "--tls-client-ca"));
  }

  /** True when controllers must present a certificate signed by {@link #clientCa}. */
  public boolean mutual() {
    return clientCa.isPresent();
  }

  /** gRPC server credentials for these files (read again, so renewed files apply on restart). */
  public ServerCredentials credentials() {
    TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder()
        .keyManager(TlsFiles.keyManagers(cert, "--tls-cert", key, "--tls-key"));
    clientCa.ifPresent(ca -> builder
        .trustManager(TlsFiles.trustManagers(ca, "--tls-client-ca"))
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE));
    return builder.build();
  }
}
