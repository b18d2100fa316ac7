package gauntlet.controller.plan;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The plan's {@code tls:} section: how the controller reaches agents over TLS. Every path was
 * checked to be a readable file when the plan was read.
 *
 * @param ca certificates that sign the agents' certificates; empty: the JVM's default trust store
 * @param cert the controller's certificate for mutual TLS, with {@code key}
 * @param key the controller's private key (PEM, PKCS#8), with {@code cert}
 */
public record TlsSettings(Optional<Path> ca, Optional<Path> cert, Optional<Path> key) {

  /** Whether the controller presents its own certificate (mutual TLS). */
  public boolean mutual() {
    return cert.isPresent();
  }
}
