package gauntlet.core.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certificates and private keys from PEM files, with one-sentence errors naming the setting
 * and the file. Keys may be PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC, Ed25519, Ed448), PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}, as {@code openssl ecparam
 * -genkey} writes it, its {@code EC PARAMETERS} block included), unencrypted.
 *
 * <p>The JDK alone reads them: certificates through its X.509 factory, PKCS#1 and SEC1 keys
 * rewrapped as PKCS#8 for its key factories. Both sides use this reader (the agent for its server
 * certificate, the controller for its client one), and the controller must not depend on Bouncy
 * Castle.
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

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\R(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final String EXPECTED_KEYS = "BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY";
  // Algorithm OIDs, DER-encoded with their tag and length, as PKCS#8 names them.
  private static final byte[] RSA = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01,
      0x01};
  private static final byte[] RSASSA_PSS = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01,
      0x01, 0x0A};
  private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
  private static final byte[] ED25519 = {0x06, 0x03, 0x2B, 0x65, 0x70};
  private static final byte[] ED448 = {0x06, 0x03, 0x2B, 0x65, 0x71};
  private static final Map<String, byte[]> KEY_FACTORIES = Map.of("RSA", RSA, "RSASSA-PSS", RSASSA_PSS,
      "EC", EC_PUBLIC_KEY, "Ed25519", ED25519, "Ed448", ED448);

  /**
   * The unencrypted private key in the file.
   *
   * @param what how messages name the setting, e.g. {@code --tls-key}
   */
  public static PrivateKey privateKey(Path file, String what) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new SecurityConfigException(what + " " + file + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new SecurityConfigException(what + " " + file + " cannot be read (permission denied)", e);
    } catch (IOException e) {
      throw new SecurityConfigException(what + " " + file + " cannot be read: " + e.getMessage(), e);
    }
    List<String> others = new ArrayList<>();
    Matcher block = BLOCK.matcher(text);
    while (block.find()) {
      String label = block.group(1);
      switch (label) {
        case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
          return key(label, block.group(2), file, what);
        }
        case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file, what);
        // openssl ecparam -genkey writes the curve before the key.
        case "EC PARAMETERS" -> { }
        default -> others.add("BEGIN " + label);
      }
    }
    throw new SecurityConfigException(what + " " + file + " holds no private key (expected " + EXPECTED_KEYS + ")"
        + (others.isEmpty() ? "" : ", found " + String.join(", ", others)));
  }

  private static SecurityConfigException encrypted(Path file, String what) {
    return new SecurityConfigException(what + " " + file + " is encrypted; give it an unencrypted key and protect"
        + " the file instead (openssl pkey -in " + file + " -out key.pem; chmod 600 key.pem)");
  }

  private static PrivateKey key(String label, String body, Path file, String what) {
    // RFC 1421 headers (Proc-Type: 4,ENCRYPTED, DEK-Info) precede a blank line; PKCS#8 has none.
    body = body.replace("\r", "");
    int blank = body.indexOf("\n\n");
    if (body.contains("Proc-Type:") && blank >= 0) {
      if (body.substring(0, blank).contains("ENCRYPTED")) {
        throw encrypted(file, what);
      }
      body = body.substring(blank + 2);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new SecurityConfigException(what + " " + file + " is not a PEM private key: its BEGIN " + label
          + " block is not base64 (" + e.getMessage() + ")", e);
    }
    byte[] pkcs8;
    String algorithm;
    try {
      switch (label) {
        case "RSA PRIVATE KEY" -> {
          pkcs8 = Der.privateKeyInfo(Der.element(Der.SEQUENCE, RSA, new byte[] {Der.NULL, 0}), der);
          algorithm = "RSA";
        }
        case "EC PRIVATE KEY" -> {
          pkcs8 = Der.privateKeyInfo(Der.element(Der.SEQUENCE, EC_PUBLIC_KEY, sec1Curve(der)), der);
          algorithm = "EC";
        }
        default -> {
          pkcs8 = der;
          algorithm = pkcs8Algorithm(der);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new SecurityConfigException(what + " " + file + " is not a PEM private key: its BEGIN " + label
          + " block does not decode (" + e.getMessage() + ")", e);
    }
    if (algorithm == null) {
      throw new SecurityConfigException(what + " " + file + " holds a private key of an unsupported kind; use an"
          + " RSA, EC (P-256, P-384, P-521) or Ed25519 key");
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new SecurityConfigException(what + " " + file + " holds a private key of an unsupported kind: "
          + e.getMessage(), e);
    }
  }

  /** The named curve of a SEC1 ECPrivateKey: its {@code [0]} parameters, already an encoded OID. */
  private static byte[] sec1Curve(byte[] der) {
    Der.Reader fields = new Der.Reader(der).next(Der.SEQUENCE, "an EC private key").children();
    fields.next(Der.INTEGER, "the EC key's version");
    fields.next(Der.OCTET_STRING, "the EC key's private value");
    while (fields.hasMore()) {
      Der.Element field = fields.next();
      if (field.tag() == Der.CONTEXT_0) {
        return field.children().next(Der.OID, "a named curve").encoded();
      }
    }
    throw new IllegalArgumentException("the EC key names no curve");
  }

  /** The JDK key factory for a PKCS#8 key's algorithm, or null for an algorithm the JDK does not read. */
  private static String pkcs8Algorithm(byte[] der) {
    Der.Reader fields = new Der.Reader(der).next(Der.SEQUENCE, "a PKCS#8 private key").children();
    fields.next(Der.INTEGER, "the key's version");
    byte[] oid = fields.next(Der.SEQUENCE, "the key's algorithm").children().next(Der.OID, "an algorithm").encoded();
    for (Map.Entry<String, byte[]> factory : KEY_FACTORIES.entrySet()) {
      if (Arrays.equals(factory.getValue(), oid)) {
        return factory.getKey();
      }
    }
    return null;
  }

  /**
   * Checks that {@code key} is the private half of the certificate's public key, by signing a
   * random challenge and verifying it: a mismatch would otherwise surface only as a handshake
   * failure on the other machine.
   */
  public static void requireMatching(PrivateKey key, X509Certificate certificate, String keyWhat, String certWhat) {
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
