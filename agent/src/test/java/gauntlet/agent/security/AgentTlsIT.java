package gauntlet.agent.security;

import gauntlet.core.security.ClientTls;

import gauntlet.core.security.SecurityConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.DescribeRequest;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents with TLS and mutual TLS over real gRPC on loopback, with certificates from two unrelated
 * CAs made by {@link StarterCertificates}: the right CA connects, the wrong one fails the handshake.
 */
class AgentTlsIT {
  @TempDir
  static Path work;
  private static Path ours;
  private static Path theirs;
  private static AgentServer tlsAgent;
  private static AgentServer mutualAgent;

  @BeforeAll
  static void startAgents() {
    ours = work.resolve("ours");
    theirs = work.resolve("theirs");
    StarterCertificates certificates = new StarterCertificates();
    certificates.create(ours, List.of(), Duration.ofDays(1), false);
    certificates.create(theirs, List.of(), Duration.ofDays(1), false);
    tlsAgent = TestAgents.start(TestAgents.uniqueName("tls-it"), "127.0.0.1", work.resolve("tls-agent"),
        new AgentSecurity(Optional.empty(), Optional.of(serverTls(ours, Optional.empty()))), AgentLimitsConfig.DEFAULT);
    mutualAgent = TestAgents.start(TestAgents.uniqueName("mtls-it"), "127.0.0.1", work.resolve("mtls-agent"),
        new AgentSecurity(Optional.empty(), Optional.of(serverTls(ours, Optional.of(ours.resolve(StarterCertificates.CA))))),
        AgentLimitsConfig.DEFAULT);
  }

  @AfterAll
  static void stopAgents() {
    tlsAgent.close();
    mutualAgent.close();
  }

  private static ServerTls serverTls(Path dir, Optional<Path> clientCa) {
    return new ServerTls(dir.resolve(StarterCertificates.AGENT), dir.resolve(StarterCertificates.AGENT_KEY), clientCa);
  }

  private static ChannelCredentials trusting(Path dir) {
    return ClientTls.credentials(dir.resolve(StarterCertificates.CA), Optional.empty(), Optional.empty());
  }

  private static ChannelCredentials mutual(Path caDir, Path certDir) {
    return ClientTls.credentials(caDir.resolve(StarterCertificates.CA),
        Optional.of(certDir.resolve(StarterCertificates.CONTROLLER)),
        Optional.of(certDir.resolve(StarterCertificates.CONTROLLER_KEY)));
  }

  private static String describe(String host, int port, ChannelCredentials credentials) throws InterruptedException {
    ManagedChannel channel = TestAgents.channel(host, port, credentials);
    try {
      return AgentGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
          .describe(DescribeRequest.getDefaultInstance()).getName();
    } finally {
      TestAgents.close(channel);
    }
  }

  /** The call failed as UNAVAILABLE because the TLS handshake failed. */
  private static void handshakeFails(String host, int port, ChannelCredentials credentials) {
    assertThatThrownBy(() -> describe(host, port, credentials))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(causes(e)).as("an SSLException among the causes of %s", e).anyMatch(SSLException.class::isInstance);
        });
  }

  private static List<Throwable> causes(Throwable t) {
    List<Throwable> chain = new java.util.ArrayList<>();
    for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
      chain.add(c);
    }
    return chain;
  }

  @Test
  void controllerTrustingTheAgentsCaConnectsByAddressAndByName() throws Exception {
    assertThat(describe("127.0.0.1", tlsAgent.port(), trusting(ours))).startsWith("tls-it-");
    assertThat(describe("localhost", tlsAgent.port(), trusting(ours))).startsWith("tls-it-");
  }

  @Test
  void controllerTrustingAnotherCaFailsTheHandshake() {
    handshakeFails("127.0.0.1", tlsAgent.port(), trusting(theirs));
  }

  @Test
  void plaintextControllerIsNotServed() {
    assertThatThrownBy(() -> describe("127.0.0.1", tlsAgent.port(), InsecureChannelCredentials.create()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void certificateNotNamingTheDialledAddressFailsTheHandshake() throws Exception {
    // 127.0.0.2 is loopback too, but the agent's certificate names only localhost and 127.0.0.1.
    AgentServer elsewhere = TestAgents.start(TestAgents.uniqueName("tls-it-other"), "127.0.0.2",
        work.resolve("other-agent"), new AgentSecurity(Optional.empty(), Optional.of(serverTls(ours, Optional.empty()))),
        AgentLimitsConfig.DEFAULT);
    try {
      handshakeFails("127.0.0.2", elsewhere.port(), trusting(ours));
    } finally {
      elsewhere.close();
    }
  }

  @Test
  void mutualTlsAdmitsOnlyControllersWithACertificateFromTheClientCa() throws Exception {
    assertThat(describe("127.0.0.1", mutualAgent.port(), mutual(ours, ours))).startsWith("mtls-it-");
    handshakeFailsOrIsRefused(mutualAgent.port(), trusting(ours));
    handshakeFailsOrIsRefused(mutualAgent.port(), mutual(ours, theirs));
  }

  /**
   * A rejected client certificate surfaces on the client either in the handshake or, with TLS 1.3
   * (where the client finishes first), on its first read: both are UNAVAILABLE and the call never
   * reaches the agent.
   */
  private static void handshakeFailsOrIsRefused(int port, ChannelCredentials credentials) {
    assertThatThrownBy(() -> describe("127.0.0.1", port, credentials))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void certificatesMadeWithTheDocumentedOpensslCommandsWorkForMutualTls() throws Exception {
    assumeThat(Openssl.available()).as("openssl is installed").isTrue();
    Path dir = work.resolve("openssl");
    java.nio.file.Files.createDirectories(dir);
    DocumentedOpenssl.run(dir);
    Path certs = dir.resolve("certs");
    AgentServer agent = TestAgents.start(TestAgents.uniqueName("openssl-it"), "127.0.0.1", work.resolve("openssl-agent"),
        new AgentSecurity(Optional.empty(), Optional.of(serverTls(certs, Optional.of(certs.resolve("ca.pem"))))),
        AgentLimitsConfig.DEFAULT);
    try {
      assertThat(describe("127.0.0.1", agent.port(), mutual(certs, certs))).startsWith("openssl-it-");
      handshakeFails("127.0.0.1", agent.port(), trusting(ours));
    } finally {
      agent.close();
    }
  }

  @Test
  void agentWithAKeyThatIsNotItsCertificatesRefusesToStart() {
    assertThatThrownBy(() -> new ServerTls(ours.resolve(StarterCertificates.AGENT),
        theirs.resolve(StarterCertificates.AGENT_KEY), Optional.empty()))
        .isInstanceOf(SecurityConfigException.class)
        .hasMessage("--tls-key " + theirs.resolve(StarterCertificates.AGENT_KEY) + " is not the key of the certificate"
            + " in --tls-cert " + ours.resolve(StarterCertificates.AGENT) + " (CN=gauntlet agent,O=Gauntlet); use the"
            + " key made with that certificate");
  }

  @Test
  void tlsWithoutClientCertificatesIsNotAuthenticationEnoughForOtherMachines() {
    AgentSecurity tlsOnly = new AgentSecurity(Optional.empty(), Optional.of(serverTls(ours, Optional.empty())));
    assertThatThrownBy(() -> ListenPolicy.check("0.0.0.0", 7070, tlsOnly))
        .isInstanceOf(SecurityConfigException.class)
        .hasMessageContaining("TLS without --tls-client-ca encrypts but lets any client in");
    AgentSecurity mutualTls = new AgentSecurity(Optional.empty(),
        Optional.of(serverTls(ours, Optional.of(ours.resolve(StarterCertificates.CA)))));
    ListenPolicy.check("0.0.0.0", 7070, mutualTls);
  }
}
