package gauntlet.agent.security;

import gauntlet.core.security.SecurityConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificates and private keys from PEM files, with one-sentence errors naming the setting
 * and the file. Keys may be PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE
 * KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}), unencrypted.
 */
public final class PemFiles {
  private PemFiles() {}

  /**
   * Every certificate in the file, first one first, each checked to be valid today.
   *
   * @param what how messages name the setting, e.g. {@code --tls-cert}
   */
  public static List<X509Certificate> certificates(Path file, String what) {
    List<X509Certificate> certificates = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (var certificate : factory.generateCertificates(in)) {
        certificates.add((X509Certificate) certificate);
      }
    } catch (NoSuchFileException e) {
      throw new SecurityConfigException(what + " " + file + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new SecurityConfigException(what + " " + file + " cannot be read (permission denied)", e);
    } catch (IOException e) {
      throw new SecurityConfigException(what + " " + file + " cannot be read: " + e.getMessage(), e);
    } catch (CertificateException e) {
      throw new SecurityConfigException(what + " " + file + " is not a PEM certificate (BEGIN CERTIFICATE): "
          + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new SecurityConfigException(what + " " + file + " holds no certificate (expected BEGIN CERTIFICATE)");
    }
    for (X509Certificate certificate : certificates) {
      try {
        certificate.checkValidity();
      } catch (CertificateExpiredException e) {
        throw new SecurityConfigException(what + " " + file + ": the certificate for "
            + certificate.getSubjectX500Principal().getName() + " expired on " + certificate.getNotAfter().toInstant()
            + "; make a new one (gauntlet certs init)", e);
      } catch (CertificateNotYetValidException e) {
        throw new SecurityConfigException(what + " " + file + ": the certificate for "
            + certificate.getSubjectX500Principal().getName() + " is valid only from "
            + certificate.getNotBefore().toInstant() + "; check this machine's clock", e);
      }
    }
    return List.copyOf(certificates);
  }

  /**
   * The unencrypted private key in the file.
   *
   * @param what how messages name the setting, e.g. {@code --tls-key}
   */
  public static PrivateKey privateKey(Path file, String what) {
    Object parsed;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser pem = new PEMParser(reader)) {
      parsed = pem.readObject();
    } catch (NoSuchFileException e) {
      throw new SecurityConfigException(what + " " + file + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new SecurityConfigException(what + " " + file + " cannot be read (permission denied)", e);
    } catch (IOException | RuntimeException e) {
      throw new SecurityConfigException(what + " " + file + " is not a PEM private key: " + e.getMessage(), e);
    }
    try {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (parsed instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (parsed instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
    } catch (IOException e) {
      throw new SecurityConfigException(what + " " + file + " holds a private key of an unsupported kind: "
          + e.getMessage(), e);
    }
    if (parsed instanceof PKCS8EncryptedPrivateKeyInfo || parsed instanceof PEMEncryptedKeyPair) {
      throw new SecurityConfigException(what + " " + file + " is encrypted; give the agent an unencrypted key and"
          + " protect the file instead (openssl pkey -in " + file + " -out key.pem; chmod 600 key.pem)");
    }
    throw new SecurityConfigException(what + " " + file + " holds no private key (expected BEGIN PRIVATE KEY, "
        + "BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)"
        + (parsed == null ? "" : ", found " + parsed.getClass().getSimpleName()));
  }

  /**
   * Checks that {@code key} is the private half of the certificate's public key, by signing a
   * random challenge and verifying it: a mismatch would otherwise surface only as a handshake
   * failure on the other machine.
   */
  static void requireMatching(PrivateKey key, X509Certificate certificate, String keyWhat, String certWhat) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "Ed448" -> "Ed448";
      default -> null;
    };
    if (algorithm == null) {
      return;
    }
    boolean matches;
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new SecurityConfigException(keyWhat + " is not the key of the certificate in " + certWhat
          + " (" + certificate.getSubjectX500Principal().getName() + "); use the key made with that certificate");
    }
  }
}
