package gauntlet.controller.provision;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.controller.plan.SshAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsVerifierTest {
  @TempDir
  Path dir;

  private static PublicKey ed25519() throws Exception {
    // Through MINA, as host keys it reads from the wire are: its encoder knows its own key classes.
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256).getPublic();
  }

  private static String line(String host, PublicKey key) {
    return host + " " + PublicKeyEntry.toString(key) + "\n";
  }

  @Test
  void aKnownKeyPassesOnItsPortOnly() throws Exception {
    PublicKey key = ed25519();
    Path hosts = Files.writeString(dir.resolve("known_hosts"), line("[10.0.0.2]:2222", key));
    assertThat(new KnownHostsVerifier(new SshAddress("root", "10.0.0.2", 2222), hosts, false)
        .verifyServerKey(null, null, key)).isTrue();
    KnownHostsVerifier port22 = new KnownHostsVerifier(new SshAddress("root", "10.0.0.2", 22), hosts, false);
    assertThat(port22.verifyServerKey(null, null, key)).isFalse();
    assertThat(port22.refusal()).get().asString().contains("is not in " + hosts)
        .contains(KeyUtils.getFingerPrint(key));
  }

  @Test
  void aChangedKeyIsRefusedEvenWithAcceptNew() throws Exception {
    PublicKey old = ed25519();
    PublicKey offered = ed25519();
    Path hosts = Files.writeString(dir.resolve("known_hosts"), line("box", old));
    KnownHostsVerifier verifier = new KnownHostsVerifier(new SshAddress("root", "box", 22), hosts, true);
    assertThat(verifier.verifyServerKey(null, null, offered)).isFalse();
    assertThat(verifier.refusal()).get().asString().contains("CHANGED").contains(KeyUtils.getFingerPrint(old))
        .contains(KeyUtils.getFingerPrint(offered)).contains("ssh-keygen -R box");
    assertThat(Files.readString(hosts)).isEqualTo(line("box", old));
  }

  @Test
  void acceptNewAppendsAnUnknownHostInOpenSshsFormat() throws Exception {
    PublicKey key = ed25519();
    Path hosts = dir.resolve("new/.ssh/known_hosts");
    KnownHostsVerifier verifier = new KnownHostsVerifier(new SshAddress("root", "10.0.0.2", 2200), hosts, true);
    assertThat(verifier.verifyServerKey(null, null, key)).isTrue();
    assertThat(Files.readString(hosts)).isEqualTo(line("[10.0.0.2]:2200", key));
    assertThat(new KnownHostsVerifier(new SshAddress("root", "10.0.0.2", 2200), hosts, false)
        .verifyServerKey(null, null, key)).isTrue();
  }

  @Test
  void aRevokedKeyIsRefused() throws Exception {
    PublicKey key = ed25519();
    Path hosts = Files.writeString(dir.resolve("known_hosts"), line("box", key)
        + "@revoked * " + PublicKeyEntry.toString(key) + "\n");
    KnownHostsVerifier verifier = new KnownHostsVerifier(new SshAddress("root", "box", 22), hosts, false);
    assertThat(verifier.verifyServerKey(null, null, key)).isFalse();
    assertThat(verifier.refusal()).get().asString().contains("@revoked");
  }
}
