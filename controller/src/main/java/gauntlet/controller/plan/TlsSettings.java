package gauntlet.controller.plan;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS toward agents whose links no mesh encrypts.
 *
 * @param ca certificate authority the agents' certificates must chain to
 * @param cert controller certificate, for mutual TLS
 * @param key the certificate's private key (PKCS#8 PEM)
 */
public record TlsSettings(Path ca, Optional<Path> cert, Optional<Path> key) {}
