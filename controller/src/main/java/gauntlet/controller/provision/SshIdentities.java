package gauntlet.controller.provision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The private keys the controller offers, read from files (OpenSSH, PEM or PKCS#8; ed25519, ECDSA,
 * RSA). A key protected by a passphrase cannot be read here — it is used through ssh-agent — and
 * is named among the skipped ones.
 *
 * @param keys loaded keys with the file each came from
 * @param skipped one phrase per file that could not be used, e.g. {@code ~/.ssh/id_rsa (passphrase)}
 */
record SshIdentities(List<Identity> keys, List<String> skipped) {

  record Identity(Path file, KeyPair pair) {}

  SshIdentities {
    keys = List.copyOf(keys);
    skipped = List.copyOf(skipped);
  }

  static SshIdentities load(List<Path> files) {
    List<Identity> keys = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        for (KeyPair pair : SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in,
            FilePasswordProvider.EMPTY)) {
          keys.add(new Identity(file, pair));
        }
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        String text = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        skipped.add(file + (text.contains("password") || text.contains("passphrase") || text.contains("encrypt")
            ? " (protected by a passphrase: add it to ssh-agent with ssh-add " + file + ")"
            : " (unreadable: " + e.getMessage() + ")"));
      }
    }
    return new SshIdentities(keys, skipped);
  }
}
