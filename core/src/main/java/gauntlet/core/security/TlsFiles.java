package gauntlet.core.security;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Turns PEM files into the JDK's key and trust managers, which gRPC's TLS credentials take. */
public final class TlsFiles {
  /** The in-memory key store's password: it never touches a disk, so it protects nothing. */
  private static final char[] IN_MEMORY = new char[0];

  private TlsFiles() {}

  /** This side's certificate chain and key, checked to belong together. */
  public static KeyManager[] keyManagers(Path certFile, String certWhat, Path keyFile, String keyWhat) {
    List<X509Certificate> chain = PemFiles.certificates(certFile, certWhat);
    PrivateKey key = PemFiles.privateKey(keyFile, keyWhat);
    PemFiles.requireMatching(key, chain.get(0), keyWhat + " " + keyFile, certWhat + " " + certFile);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("gauntlet", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, IN_MEMORY);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new SecurityConfigException("Cannot use " + certWhat + " " + certFile + " with " + keyWhat + " " + keyFile
          + ": " + e.getMessage(), e);
    }
  }

  /** Trusts exactly the certificates in {@code caFile}, not the system's CAs. */
  public static TrustManager[] trustManagers(Path caFile, String what) {
    List<X509Certificate> authorities = PemFiles.certificates(caFile, what);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < authorities.size(); i++) {
        store.setCertificateEntry("ca-" + i, authorities.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new SecurityConfigException("Cannot trust " + what + " " + caFile + ": " + e.getMessage(), e);
    }
  }
}
