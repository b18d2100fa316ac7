package gauntlet.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK-only PEM reader against files Bouncy Castle (and openssl's layout) writes. */
class PemFilesTest {
  @TempDir
  Path dir;

  private static KeyPair keys(String algorithm) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    if (algorithm.equals("RSA")) {
      generator.initialize(2048);
    } else if (algorithm.equals("EC")) {
      generator.initialize(new ECGenParameterSpec("secp256r1"));
    }
    return generator.generateKeyPair();
  }

  /** What Bouncy Castle writes for {@code object}: a key pair in its traditional encoding, a certificate... */
  private Path pem(String name, Object object) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(object);
    }
    return Files.writeString(dir.resolve(name), out.toString());
  }

  /** SEC1 as openssl writes it: the curve's OID as the key's [0] parameters (Bouncy Castle's writer leaves it out). */
  private Path sec1(String name, KeyPair keys) throws Exception {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
    ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
    ECPrivateKey withCurve = new ECPrivateKey(256, inner.getKey(), new ASN1ObjectIdentifier("1.2.840.10045.3.1.7"));
    return pem(name, new PemObject("EC PRIVATE KEY", withCurve.getEncoded()));
  }

  private Path pkcs8(String name, PrivateKey key) throws Exception {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
    return Files.writeString(dir.resolve(name), "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
  }

  @Test
  void rsaKeysInThePkcs1EncodingAreRead() throws Exception {
    KeyPair keys = keys("RSA");
    Path pkcs1 = pem("rsa.pem", keys);
    assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    PrivateKey read = PemFiles.privateKey(pkcs1, "--tls-key");
    assertThat(read.getAlgorithm()).isEqualTo("RSA");
    assertThat(read.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
  }

  @Test
  void ecKeysInSec1AreReadWithTheParametersBlockOpensslWritesBeforeThem() throws Exception {
    KeyPair keys = keys("EC");
    Path sec1 = sec1("ec.pem", keys);
    String key = Files.readString(sec1);
    assertThat(key).startsWith("-----BEGIN EC PRIVATE KEY-----");
    // openssl ecparam -name prime256v1 -genkey: the curve's OID first, then the key.
    Path withParameters = Files.writeString(dir.resolve("ecparam.pem"),
        "-----BEGIN EC PARAMETERS-----\r\nBggqhkjOPQMBBw==\r\n-----END EC PARAMETERS-----\r\n" + key.replace("\n", "\r\n"));

    for (Path file : new Path[] {sec1, withParameters}) {
      PrivateKey read = PemFiles.privateKey(file, "--tls-key");
      assertThat(read.getAlgorithm()).isEqualTo("EC");
      assertThat(((java.security.interfaces.ECPrivateKey) read).getS())
          .isEqualTo(((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getS());
      assertThat(((java.security.interfaces.ECPrivateKey) read).getParams().getCurve())
          .isEqualTo(((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getParams().getCurve());
    }
  }

  @Test
  void pkcs8KeysOfEveryCommonKindAreRead() throws Exception {
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      PrivateKey key = keys(algorithm).getPrivate();
      PrivateKey read = PemFiles.privateKey(pkcs8(algorithm + ".pem", key), "tls.key");
      assertThat(read.getEncoded()).as(algorithm).isEqualTo(key.getEncoded());
    }
  }

  @Test
  void encryptedKeysAreRefusedWithTheCommandThatDecryptsThem() throws Exception {
    KeyPair keys = keys("RSA");
    Path legacy = pem("legacy.pem", new JcaMiscPEMGenerator(keys,
        new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new BouncyCastleProvider())
            .build("secret".toCharArray())));
    assertThat(Files.readString(legacy)).contains("Proc-Type: 4,ENCRYPTED");
    Path pkcs8 = pem("pkcs8.pem", new JcaPKCS8Generator(keys.getPrivate(),
        new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
            .setPassword("secret".toCharArray()).build()));
    assertThat(Files.readString(pkcs8)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

    for (Path file : new Path[] {legacy, pkcs8}) {
      assertThatThrownBy(() -> PemFiles.privateKey(file, "tls.key"))
          .isInstanceOf(SecurityConfigException.class)
          .hasMessage("tls.key " + file + " is encrypted; give it an unencrypted key and protect the file instead"
              + " (openssl pkey -in " + file + " -out key.pem; chmod 600 key.pem)");
    }
  }

  private X509Certificate certificate(KeyPair keys) throws Exception {
    X500Name name = new X500Name("CN=test");
    Instant now = Instant.now();
    return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  @Test
  void filesThatAreNotWhatTheSettingNeedsAreOneLineNamingIt() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
    assertThatThrownBy(() -> PemFiles.privateKey(text, "--tls-key"))
        .isInstanceOf(SecurityConfigException.class)
        .hasMessage("--tls-key " + text + " holds no private key (expected BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY"
            + " or BEGIN EC PRIVATE KEY)");
    assertThatThrownBy(() -> PemFiles.certificates(text, "tls.ca"))
        .isInstanceOf(SecurityConfigException.class)
        .hasMessageStartingWith("tls.ca " + text + " ");
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> PemFiles.certificates(missing, "--tls-cert"))
        .hasMessage("--tls-cert " + missing + " does not exist");
    assertThatThrownBy(() -> PemFiles.privateKey(missing, "--tls-key"))
        .hasMessage("--tls-key " + missing + " does not exist");

    Path certificateAsKey = pem("cert.pem", certificate(keys("EC")));
    assertThatThrownBy(() -> PemFiles.privateKey(certificateAsKey, "--tls-key"))
        .hasMessage("--tls-key " + certificateAsKey + " holds no private key (expected BEGIN PRIVATE KEY, BEGIN RSA"
            + " PRIVATE KEY or BEGIN EC PRIVATE KEY), found BEGIN CERTIFICATE");
    Path garbled = Files.writeString(dir.resolve("garbled.pem"),
        "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAAS\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> PemFiles.privateKey(garbled, "--tls-key"))
        .isInstanceOf(SecurityConfigException.class)
        .hasMessageStartingWith("--tls-key " + garbled + " is not a PEM private key: its BEGIN PRIVATE KEY block");
  }

  @Test
  void aCertificateIsReadAndItsKeyMatchesItAndNoOtherKey() throws Exception {
    KeyPair keys = keys("EC");
    X509Certificate written = certificate(keys);
    Path cert = pem("cert.pem", written);
    Path key = sec1("key.pem", keys);

    assertThat(PemFiles.certificates(cert, "tls.cert")).containsExactly(written);
    PemFiles.requireMatching(PemFiles.privateKey(key, "tls.key"), written, "tls.key", "tls.cert");
    PrivateKey other = keys("EC").getPrivate();
    assertThatThrownBy(() -> PemFiles.requireMatching(other, written, "tls.key k.pem", "tls.cert c.pem"))
        .hasMessage("tls.key k.pem is not the key of the certificate in tls.cert c.pem (CN=test); use the key made"
            + " with that certificate");
  }
}
