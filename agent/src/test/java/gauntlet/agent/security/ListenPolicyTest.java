package gauntlet.agent.security;

import gauntlet.core.security.SecurityConfigException;

import gauntlet.core.security.BearerToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.agent.AgentLimitsConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenPolicyTest {
  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1"})
  void loopbackMayGoWithoutAuthentication(String host) {
    assertThat(ListenPolicy.isLoopback(host)).isTrue();
    ListenPolicy.check(host, 7070, AgentSecurity.NONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.2", "192.168.1.20", "fe80::1", "agent.example.org", "127.0.0.1.nip.io"})
  void everyOtherAddressNeedsAuthentication(String host) {
    assertThat(ListenPolicy.isLoopback(host)).isFalse();
    assertThatThrownBy(() -> ListenPolicy.check(host, 7070, AgentSecurity.NONE))
        .isInstanceOf(SecurityConfigException.class)
        .hasMessageContaining(" without authentication: add --token-file FILE");
  }

  @Test
  void refusalIsOneLineNamingTheAddressAndTheFlags() {
    assertThatThrownBy(() -> ListenPolicy.check("0.0.0.0", 7070, AgentSecurity.NONE))
        .hasMessage("Refusing to listen on 0.0.0.0:7070 without authentication: add --token-file FILE (make one with:"
            + " openssl rand -hex 32 > FILE) or --tls-client-ca CA.pem for mutual TLS, or listen on 127.0.0.1");
    assertThatThrownBy(() -> ListenPolicy.check("::", 7070, AgentSecurity.NONE))
        .hasMessageStartingWith("Refusing to listen on [::]:7070 without authentication");
  }

  @Test
  void aTokenIsEnough(@TempDir Path dir) throws Exception {
    BearerToken token = BearerToken.read(TestAgents.tokenFile(dir, "token"), "--token-file");
    ListenPolicy.check("0.0.0.0", 7070, new AgentSecurity(Optional.of(token), Optional.empty()));
  }

  @Test
  void agentOnAllAddressesWithoutAuthenticationRefusesToStartAndListensNowhere(@TempDir Path dir) throws Exception {
    int port = TestAgents.freePort();
    assertThatThrownBy(() -> TestAgents.start(TestAgents.uniqueName("open-it"), "0.0.0.0", port, dir,
        AgentSecurity.NONE, AgentLimitsConfig.DEFAULT).close())
        .isInstanceOf(SecurityConfigException.class)
        .hasMessageStartingWith("Refusing to listen on 0.0.0.0:" + port + " without authentication");
    assertThat(TestAgents.listening(port)).as("nothing listens on port " + port).isFalse();
  }
}
