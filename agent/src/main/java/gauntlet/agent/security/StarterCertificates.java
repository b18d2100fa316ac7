package gauntlet.agent.security;

import gauntlet.core.security.SecurityConfigException;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A first TLS setup in one folder: a private CA, a certificate for the agents (valid for the given
 * hosts plus localhost and 127.0.0.1) and one for the controller (for mutual TLS), each with its
 * key. Keys are EC P-256 in PKCS#8 PEM, readable by the owner only. The same can be made with
 * openssl (docs/security.md).
 */
public final class StarterCertificates {
  public static final String CA = "ca.pem";
  public static final String CA_KEY = "ca-key.pem";
  public static final String AGENT = "agent.pem";
  public static final String AGENT_KEY = "agent-key.pem";
  public static final String CONTROLLER = "controller.pem";
  public static final String CONTROLLER_KEY = "controller-key.pem";
  private static final List<String> FILES = List.of(CA, CA_KEY, AGENT, AGENT_KEY, CONTROLLER, CONTROLLER_KEY);
  /** Certificates are valid from a little before now, so a peer whose clock lags still accepts them. */
  private static final Duration CLOCK_SLACK = Duration.ofHours(1);
  private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
      + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final SecureRandom random = new SecureRandom();

  /**
   * Writes the six files into {@code directory} (created if missing).
   *
   * @param agentHosts names and addresses controllers use to reach the agents
   * @param validity how long the certificates are valid
   * @param replace overwrite files of an earlier setup; otherwise their presence is an error
   * @return the files written
   * @throws SecurityConfigException for a host that is neither a DNS name nor an IP address, or
   *     files that exist already
   */
  public List<Path> create(Path directory, List<String> agentHosts, Duration validity, boolean replace) {
    List<GeneralName> agentNames = subjectAltNames(agentHosts);
    if (validity.isNegative() || validity.isZero()) {
      throw new SecurityConfigException("--days must be positive, got " + validity.toDays());
    }
    try {
      Files.createDirectories(directory);
      if (!replace) {
        for (String name : FILES) {
          if (Files.exists(directory.resolve(name))) {
            throw new SecurityConfigException(directory.resolve(name) + " exists already; choose an empty folder,"
                + " or pass --force to replace the whole set (certificates signed by the old CA stop working)");
          }
        }
      }
      Instant from = Instant.now().minus(CLOCK_SLACK);
      Instant until = Instant.now().plus(validity);
      KeyPair caKeys = newKeyPair();
      X500Name caName = new X500Name("O=Gauntlet,CN=Gauntlet CA " + Long.toHexString(random.nextLong() >>> 16));
      X509Certificate ca = certificate(caName, caKeys, caName, caKeys, from, until, Role.CA, List.of());
      KeyPair agentKeys = newKeyPair();
      X509Certificate agent = certificate(new X500Name("O=Gauntlet,CN=gauntlet agent"), agentKeys, caName, caKeys,
          from, until, Role.AGENT, agentNames);
      KeyPair controllerKeys = newKeyPair();
      X509Certificate controller = certificate(new X500Name("O=Gauntlet,CN=gauntlet controller"), controllerKeys,
          caName, caKeys, from, until, Role.CONTROLLER, List.of());

      List<Path> written = new ArrayList<>();
      written.add(write(directory.resolve(CA), pem("CERTIFICATE", ca.getEncoded()), false));
      written.add(write(directory.resolve(CA_KEY), pem("PRIVATE KEY", caKeys.getPrivate().getEncoded()), true));
      written.add(write(directory.resolve(AGENT), pem("CERTIFICATE", agent.getEncoded()), false));
      written.add(write(directory.resolve(AGENT_KEY), pem("PRIVATE KEY", agentKeys.getPrivate().getEncoded()), true));
      written.add(write(directory.resolve(CONTROLLER), pem("CERTIFICATE", controller.getEncoded()), false));
      written.add(write(directory.resolve(CONTROLLER_KEY), pem("PRIVATE KEY", controllerKeys.getPrivate().getEncoded()),
          true));
      return written;
    } catch (IOException e) {
      throw new SecurityConfigException("Cannot write the certificates into " + directory + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("The Java runtime cannot make EC P-256 certificates: " + e.getMessage(), e);
    }
  }

  private enum Role { CA, AGENT, CONTROLLER }

  private X509Certificate certificate(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
      Instant from, Instant until, Role role, List<GeneralName> altNames)
      throws GeneralSecurityException, OperatorCreationException, CertIOException {
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, random).add(BigInteger.ONE),
        Date.from(from), Date.from(until), subject, subjectKeys.getPublic());
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.subjectKeyIdentifier, false,
        extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
    builder.addExtension(Extension.authorityKeyIdentifier, false,
        extensions.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
    switch (role) {
      case CA -> {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      }
      case AGENT -> {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(altNames.toArray(GeneralName[]::new)));
      }
      case CONTROLLER -> {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      }
    }
    // No provider named: the signature comes from the JDK's own providers.
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  /** localhost and 127.0.0.1 first, then the given hosts, each once: IP literals as IP entries. */
  static List<GeneralName> subjectAltNames(List<String> hosts) {
    Set<String> all = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
    for (String host : hosts) {
      String h = host.strip();
      if (h.startsWith("[") && h.endsWith("]")) {
        h = h.substring(1, h.length() - 1);
      }
      all.add(h.toLowerCase(Locale.ROOT));
    }
    List<GeneralName> names = new ArrayList<>();
    for (String host : all) {
      if (isIpLiteral(host)) {
        names.add(new GeneralName(GeneralName.iPAddress, host));
      } else if (DNS_NAME.matcher(host).matches()) {
        names.add(new GeneralName(GeneralName.dNSName, host));
      } else {
        throw new SecurityConfigException("--agent-host '" + host + "' is neither a host name nor an IP address;"
            + " give the name or address controllers use to reach the agent (without a port)");
      }
    }
    return names;
  }

  private static boolean isIpLiteral(String host) {
    if (!IPV4.matcher(host).matches() && !host.contains(":")) {
      return false;
    }
    try {
      InetAddress.getByName(host);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static Path write(Path file, String text, boolean secret) throws IOException {
    Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      // Temporary files start owner-only; certificates are public and may be read by anyone.
      if (!secret) {
        setPermissions(temporary, "rw-r--r--");
      }
      Files.writeString(temporary, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return file;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void setPermissions(Path file, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException e) {
      // Not POSIX: the folder's own protection applies.
    }
  }
}
