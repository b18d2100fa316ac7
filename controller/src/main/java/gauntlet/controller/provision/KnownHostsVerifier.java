package gauntlet.controller.provision;

import gauntlet.controller.plan.SshAddress;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Checks a machine's host key against known_hosts as OpenSSH does (hashed names and
 * {@code [host]:port} entries included). An unknown host is refused with its fingerprint and the
 * command to accept it, or added with {@code accept_new}; a changed or revoked key is always
 * refused. One instance per connection: it keeps why it refused, for the message.
 */
final class KnownHostsVerifier implements ServerKeyVerifier {
  private final SshAddress address;
  private final Path knownHosts;
  private final boolean acceptNew;
  private volatile String refusal;

  KnownHostsVerifier(SshAddress address, Path knownHosts, boolean acceptNew) {
    this.address = address;
    this.knownHosts = knownHosts;
    this.acceptNew = acceptNew;
  }

  /** Why the host key was refused, if it was. */
  Optional<String> refusal() {
    return Optional.ofNullable(refusal);
  }

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    String offered = describe(key);
    List<KnownHostEntry> entries;
    try {
      entries = Files.exists(knownHosts) ? KnownHostEntry.readKnownHostEntries(knownHosts) : List.of();
    } catch (IOException e) {
      refusal = "Cannot read " + knownHosts + " (" + e.getMessage() + ") to check the host key of " + address.login()
          + "; fix the file or point ssh.known_hosts elsewhere";
      return false;
    }
    // A revoked key is refused wherever its line is, as OpenSSH does.
    for (KnownHostEntry entry : entries) {
      if ("revoked".equals(entry.getMarker()) && entry.isHostMatch(address.host(), address.port())
          && resolve(entry.getKeyEntry()).filter(known -> KeyUtils.compareKeys(known, key)).isPresent()) {
        refusal = "The host key of " + address.login() + " (" + offered + ") is marked @revoked in " + knownHosts
            + "; the machine must get a new host key";
        return false;
      }
    }
    boolean sameTypeKnown = false;
    String knownKey = null;
    for (KnownHostEntry entry : entries) {
      if (entry.getMarker() != null || !entry.isHostMatch(address.host(), address.port())) {
        continue;
      }
      Optional<PublicKey> known = resolve(entry.getKeyEntry());
      if (known.isEmpty()) {
        continue;
      }
      if (KeyUtils.compareKeys(known.get(), key)) {
        return true;
      }
      if (KeyUtils.getKeyType(known.get()).equals(KeyUtils.getKeyType(key))) {
        sameTypeKnown = true;
        knownKey = describe(known.get());
      }
    }
    if (sameTypeKnown) {
      refusal = "The host key of " + address.login() + " CHANGED: " + knownHosts + " has " + knownKey
          + " but the host offered " + offered + "; if the machine was reinstalled, remove the old entry with"
          + " ssh-keygen -R " + hostPattern() + " -f " + knownHosts + " (otherwise someone may be intercepting)";
      return false;
    }
    if (acceptNew) {
      return append(key, offered);
    }
    refusal = "The host key of " + address.login() + " is not in " + knownHosts + ": it offered " + offered
        + "; if that is the machine's key (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on it shows it), accept it"
        + " with ssh -p " + address.port() + " -o StrictHostKeyChecking=accept-new " + address.user() + "@"
        + address.host() + " true, or set ssh.accept_new: true in the plan";
    return false;
  }

  private boolean append(PublicKey key, String offered) {
    String line = hostPattern() + " " + PublicKeyEntry.toString(key) + System.lineSeparator();
    try {
      Path parent = knownHosts.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Files.writeString(knownHosts, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return true;
    } catch (IOException e) {
      refusal = "Cannot add the host key of " + address.login() + " (" + offered + ") to " + knownHosts + " ("
          + e.getMessage() + "); fix the file's permissions or point ssh.known_hosts elsewhere";
      return false;
    }
  }

  /** How known_hosts names the host: {@code host}, or {@code [host]:port} off port 22. */
  private String hostPattern() {
    return address.port() == 22 ? address.host() : "[" + address.host() + "]:" + address.port();
  }

  private static Optional<PublicKey> resolve(AuthorizedKeyEntry entry) {
    if (entry == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(entry.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING));
    } catch (IOException | GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  /** {@code ED25519 key SHA256:...}, as OpenSSH prints it. */
  static String describe(PublicKey key) {
    return KeyUtils.getKeyType(key) + " key " + KeyUtils.getFingerPrint(key);
  }
}
