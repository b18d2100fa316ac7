package gauntlet.controller.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the controller logs in to {@code ssh://} agents (the plan's {@code ssh:} section).
 *
 * @param identityFiles the keys to offer, in order: {@code ssh.identity_file}, else OpenSSH's
 *     defaults that exist ({@code ~/.ssh/id_ed25519}, {@code id_ecdsa}, {@code id_rsa}); keys in
 *     a running ssh-agent ({@code SSH_AUTH_SOCK}) are offered first either way
 * @param knownHosts the file host keys are verified against (and appended to with accept_new)
 * @param acceptNew like OpenSSH's {@code StrictHostKeyChecking=accept-new}: a host not in
 *     known_hosts is added; a changed key is still refused
 * @param release an unpacked release to provision, instead of the one the controller runs from
 */
public record SshSettings(List<Path> identityFiles, Path knownHosts, boolean acceptNew, Optional<Path> release) {
  /** OpenSSH's default identities, in the order it tries them (DSA is gone from OpenSSH). */
  public static final List<String> DEFAULT_IDENTITIES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  public SshSettings {
    identityFiles = List.copyOf(identityFiles);
  }

  /** OpenSSH's defaults under {@code home}: the keys that exist, {@code ~/.ssh/known_hosts}. */
  public static SshSettings defaults(Path home) {
    Path ssh = home.resolve(".ssh");
    List<Path> keys = DEFAULT_IDENTITIES.stream().map(ssh::resolve).filter(java.nio.file.Files::isRegularFile).toList();
    return new SshSettings(keys, ssh.resolve("known_hosts"), false, Optional.empty());
  }
}
