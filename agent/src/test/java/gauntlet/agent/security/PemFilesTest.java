package gauntlet.agent.security;

import gauntlet.core.security.SecurityConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
  @TempDir
  Path dir;

  @Test
  void rsaKeysInThePkcs1EncodingAreReadToo() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair keys = rsa.generateKeyPair();
    StringWriter out = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(keys);
    }
    Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"), out.toString());
    assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    PrivateKey read = PemFiles.privateKey(pkcs1, "--tls-key");
    assertThat(read.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
  }

  @Test
  void ecKeysInOpensslsSec1EncodingAreReadToo() throws Exception {
    assumeThat(Openssl.available()).as("openssl is installed").isTrue();
    Path sec1 = dir.resolve("ec.pem");
    Openssl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", sec1.toString());
    assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");

    assertThat(PemFiles.privateKey(sec1, "--tls-key").getAlgorithm()).isEqualTo("EC");
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

    new StarterCertificates().create(dir.resolve("set"), java.util.List.of(), java.time.Duration.ofDays(1), false);
    Path certificateAsKey = dir.resolve("set/agent.pem");
    assertThatThrownBy(() -> PemFiles.privateKey(certificateAsKey, "--tls-key"))
        .hasMessageStartingWith("--tls-key " + certificateAsKey + " holds no private key")
        .hasMessageEndingWith(", found X509CertificateHolder");
  }
}
