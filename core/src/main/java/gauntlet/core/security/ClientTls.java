package gauntlet.core.security;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a controller reaches agents over TLS: it trusts only the given CA (not the system's), checks
 * that each agent's certificate names the address it dialled, and for mutual TLS presents its own
 * certificate.
 */
public final class ClientTls {
  private ClientTls() {}

  /**
   * Channel credentials from the plan's {@code tls:} files; every file is read and checked now.
   *
   * @throws SecurityConfigException naming the field and file that cannot be used
   */
  public static ChannelCredentials credentials(Path ca, Optional<Path> cert, Optional<Path> key) {
    TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder()
        .trustManager(TlsFiles.trustManagers(ca, "tls.ca"));
    if (cert.isPresent() != key.isPresent()) {
      throw new SecurityConfigException("tls.cert and tls.key go together: mutual TLS needs both the controller's"
          + " certificate and its key");
    }
    if (cert.isPresent()) {
      builder.keyManager(TlsFiles.keyManagers(cert.get(), "tls.cert", key.get(), "tls.key"));
    }
    return builder.build();
  }
}
