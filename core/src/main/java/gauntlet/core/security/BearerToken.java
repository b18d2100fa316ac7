package gauntlet.core.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared secret agents and controllers prove themselves with, read from a token file (one
 * line; surrounding whitespace ignored). Its {@code toString} never shows the secret.
 */
public final class BearerToken {
  private static final Logger log = LoggerFactory.getLogger(BearerToken.class);

  /** Short enough to type, long enough that guessing over the network is hopeless. */
  public static final int MIN_LENGTH = 16;
  /** Fewer distinct characters than this is not a random token. */
  static final int MIN_DISTINCT = 6;
  /** A token is a line, not a file's worth of data. */
  private static final int MAX_FILE_BYTES = 4096;

  private final String secret;
  private final byte[] digest;
  private final String source;

  private BearerToken(String secret, String source) {
    this.secret = secret;
    this.digest = sha256(secret);
    this.source = source;
  }

  /**
   * Reads a token file.
   *
   * @param what how messages name the setting, e.g. {@code --token-file} or {@code auth.token_file}
   * @throws SecurityConfigException naming the file when it is missing, unreadable, empty, too short
   *     or not one line of printable text
   */
  public static BearerToken read(Path file, String what) {
    String text;
    try {
      // A FIFO (or a device) would block the read forever and the agent would hang silently at start.
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw new SecurityConfigException(what + " " + file + " is " + (attributes.isDirectory() ? "a folder"
            : "not a regular file (a FIFO, socket or device)") + "; put the token in a plain file: openssl rand -hex 32 > "
            + "FILE && chmod 600 FILE");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new SecurityConfigException(what + " " + file + " is " + Files.size(file)
            + " bytes; a token file holds one line (make one with: openssl rand -hex 32 > " + file + ")");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      // On a fresh home ~/.gauntlet does not exist yet, and the redirect alone would fail.
      Path parent = file.toAbsolutePath().getParent();
      String mkdir = parent != null && !Files.isDirectory(parent) ? "mkdir -p " + parent + " && " : "";
      throw new SecurityConfigException(what + " " + file + " does not exist (make one with: " + mkdir
          + "openssl rand -hex 32 > " + file + ")", e);
    } catch (AccessDeniedException e) {
      throw new SecurityConfigException(what + " " + file + " cannot be read (permission denied)", e);
    } catch (IOException e) {
      throw new SecurityConfigException(what + " " + file + " cannot be read: " + e.getMessage(), e);
    }
    warnIfOthersCanRead(file, what);
    return of(text.strip(), what + " " + file);
  }

  /**
   * A fresh random token of 64 hex characters (256 bits), held only in memory: for an agent that
   * lives inside its controller's process, which no one else needs to reach.
   */
  public static BearerToken random(String source) {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    return of(java.util.HexFormat.of().formatHex(bytes), source);
  }

  /**
   * A token given directly (e.g. from an environment variable).
   *
   * @param source how messages name where it came from
   */
  public static BearerToken of(String secret, String source) {
    if (secret.isEmpty()) {
      throw new SecurityConfigException(source + " is empty; put a random token in it (e.g. openssl rand -hex 32)");
    }
    if (secret.length() < MIN_LENGTH) {
      throw new SecurityConfigException(source + " holds a token of " + secret.length() + " characters; use at least "
          + MIN_LENGTH + " random ones (e.g. openssl rand -hex 32)");
    }
    // A random token of 16 hex characters has fewer than 6 distinct ones with a probability of
    // about 4e-5; 'aaaaaaaaaaaaaaaa' or 'abababab...' is typed, not random, and guessed.
    long distinct = secret.chars().distinct().count();
    if (distinct < MIN_DISTINCT) {
      throw new SecurityConfigException(source + " holds a token of only " + distinct + " distinct character"
          + (distinct == 1 ? "" : "s") + ", too easy to guess; make a random one with: openssl rand -hex 32");
    }
    // Only visible ASCII goes into a gRPC header unchanged; anything else would be mangled on the way.
    if (!secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new SecurityConfigException(source + " must hold one line of printable ASCII without spaces"
          + " (e.g. from openssl rand -hex 32)");
    }
    return new BearerToken(secret, source);
  }

  /**
   * Whether {@code presented} is this token. The comparison takes the same time whatever the input:
   * both sides are hashed to equal lengths and compared with {@link MessageDigest#isEqual}, so
   * timing tells an attacker neither the length nor a matching prefix.
   */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(digest, sha256(presented));
  }

  /** The value of the {@code authorization} header that carries this token. */
  public String headerValue() {
    return "Bearer " + secret;
  }

  /** Where the token came from, e.g. {@code --token-file /etc/gauntlet/token}. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "token from " + source;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  private static void warnIfOthersCanRead(Path file, String what) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        log.warn("{} {} can be read by other users; restrict it: chmod 600 {}", what, file, file);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: nothing to check.
    }
  }
}
