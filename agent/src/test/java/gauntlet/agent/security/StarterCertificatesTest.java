package gauntlet.agent.security;

import gauntlet.core.security.PemFiles;

import gauntlet.core.security.SecurityConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StarterCertificatesTest {
  @TempDir
  Path dir;

  private final StarterCertificates certificates = new StarterCertificates();

  @Test
  void makesACaAnAgentAndAControllerCertificateSignedByIt() throws Exception {
    List<Path> files = certificates.create(dir, List.of("cloud-target.example.org", "10.0.0.2", "[fd7a::1]"),
        Duration.ofDays(30), false);

    assertThat(files).extracting(p -> p.getFileName().toString())
        .containsExactly("ca.pem", "ca-key.pem", "agent.pem", "agent-key.pem", "controller.pem", "controller-key.pem");
    X509Certificate ca = PemFiles.certificates(dir.resolve("ca.pem"), "ca").get(0);
    X509Certificate agent = PemFiles.certificates(dir.resolve("agent.pem"), "agent").get(0);
    X509Certificate controller = PemFiles.certificates(dir.resolve("controller.pem"), "controller").get(0);
    ca.verify(ca.getPublicKey());
    agent.verify(ca.getPublicKey());
    controller.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).isZero();
    assertThat(agent.getBasicConstraints()).isEqualTo(-1);
    assertThat(agent.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(controller.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(agent.getSubjectAlternativeNames()).extracting(n -> n.get(1).toString())
        .containsExactly("localhost", "127.0.0.1", "cloud-target.example.org", "10.0.0.2", "fd7a:0:0:0:0:0:0:1");
    assertThat(Duration.between(agent.getNotBefore().toInstant(), agent.getNotAfter().toInstant()))
        .isBetween(Duration.ofDays(30), Duration.ofDays(30).plusHours(2));
    // Each key belongs to its certificate.
    PemFiles.requireMatching(PemFiles.privateKey(dir.resolve("agent-key.pem"), "key"), agent, "key", "cert");
    PemFiles.requireMatching(PemFiles.privateKey(dir.resolve("ca-key.pem"), "key"), ca, "key", "cert");
    assertThat(Files.readString(dir.resolve("agent-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
  }

  @Test
  void keysAreReadableByTheOwnerOnlyAndCertificatesByEveryone() throws Exception {
    certificates.create(dir, List.of(), Duration.ofDays(1), false);
    for (String key : List.of("ca-key.pem", "agent-key.pem", "controller-key.pem")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key)))).as(key).isEqualTo("rw-------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.pem")))).isEqualTo("rw-r--r--");
    try (var leftovers = Files.list(dir)) {
      assertThat(leftovers).hasSize(6);
    }
  }

  @Test
  void anExistingSetIsReplacedOnlyWhenAsked() throws Exception {
    certificates.create(dir, List.of(), Duration.ofDays(1), false);
    String firstCa = Files.readString(dir.resolve("ca.pem"));
    assertThatThrownBy(() -> certificates.create(dir, List.of(), Duration.ofDays(1), false))
        .isInstanceOf(SecurityConfigException.class)
        .hasMessage(dir.resolve("ca.pem") + " exists already; choose an empty folder, or pass --force to replace the"
            + " whole set (certificates signed by the old CA stop working)");
    assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo(firstCa);
    certificates.create(dir, List.of(), Duration.ofDays(1), true);
    assertThat(Files.readString(dir.resolve("ca.pem"))).isNotEqualTo(firstCa);
  }

  @Test
  void aHostThatIsNeitherNameNorAddressIsRefused() {
    assertThatThrownBy(() -> certificates.create(dir, List.of("10.0.0.2:7070"), Duration.ofDays(1), false))
        .isInstanceOf(SecurityConfigException.class)
        .hasMessage("--agent-host '10.0.0.2:7070' is neither a host name nor an IP address; give the name or address"
            + " controllers use to reach the agent (without a port)");
    assertThat(dir.resolve("ca.pem")).doesNotExist();
  }
}
