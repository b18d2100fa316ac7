package gauntlet.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenTest {
  private static final String SECRET = "3f9c1e0b7a5d42c8b1e6f0a9d3c7b524";

  @TempDir
  Path dir;

  @Test
  void tokenFileIsOneLineWithSurroundingWhitespaceIgnored() throws Exception {
    BearerToken token = BearerToken.read(Files.writeString(dir.resolve("token"), "  " + SECRET + "\n\n"), "--token-file");
    assertThat(token.matches(SECRET)).isTrue();
    assertThat(token.headerValue()).isEqualTo("Bearer " + SECRET);
  }

  @Test
  void onlyTheExactTokenMatches() {
    BearerToken token = BearerToken.of(SECRET, "test");
    assertThat(token.matches(SECRET.substring(1))).isFalse();
    assertThat(token.matches(SECRET + "0")).isFalse();
    assertThat(token.matches(SECRET.toUpperCase())).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches(null)).isFalse();
  }

  @Test
  void theSecretNeverAppearsInItsDescription() {
    BearerToken token = BearerToken.of(SECRET, "--token-file /etc/gauntlet/token");
    assertThat(token.toString()).isEqualTo("token from --token-file /etc/gauntlet/token").doesNotContain(SECRET);
  }

  @Test
  void unusableTokenFilesAreOneLineNamingTheFile() throws Exception {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> BearerToken.read(missing, "--token-file"))
        .isInstanceOf(SecurityConfigException.class)
        .hasMessage("--token-file " + missing + " does not exist (make one with: openssl rand -hex 32 > " + missing + ")");
    Path freshHome = dir.resolve("home/.gauntlet/token");
    assertThatThrownBy(() -> BearerToken.read(freshHome, "--token-file"))
        .hasMessage("--token-file " + freshHome + " does not exist (make one with: mkdir -p " + freshHome.getParent()
            + " && openssl rand -hex 32 > " + freshHome + ")");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> BearerToken.read(empty, "auth.token_file"))
        .hasMessage("auth.token_file " + empty + " is empty; put a random token in it (e.g. openssl rand -hex 32)");
    Path shortOne = Files.writeString(dir.resolve("short"), "secret\n");
    assertThatThrownBy(() -> BearerToken.read(shortOne, "--token-file"))
        .hasMessage("--token-file " + shortOne + " holds a token of 6 characters; use at least 16 random ones"
            + " (e.g. openssl rand -hex 32)");
    Path twoWords = Files.writeString(dir.resolve("words"), "correct horse battery staple\n");
    assertThatThrownBy(() -> BearerToken.read(twoWords, "--token-file"))
        .hasMessageEndingWith("must hold one line of printable ASCII without spaces (e.g. from openssl rand -hex 32)");
    Path big = Files.write(dir.resolve("big"), new byte[10_000]);
    assertThatThrownBy(() -> BearerToken.read(big, "--token-file"))
        .hasMessageStartingWith("--token-file " + big + " is 10000 bytes; a token file holds one line");
  }

  @Test
  void aFifoAsTokenFileIsRefusedAtOnceInsteadOfHangingTheAgent() throws Exception {
    Path fifo = dir.resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    java.util.concurrent.CompletableFuture<Throwable> refused = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> org.assertj.core.api.Assertions.catchThrowable(() -> BearerToken.read(fifo, "--token-file")));
    Throwable failure;
    try {
      failure = refused.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException hung) {
      // Unblock the read, so the failed test leaves no thread behind.
      Files.writeString(fifo, "x");
      throw new AssertionError("reading a FIFO as token file blocked", hung);
    }
    assertThat(failure).isInstanceOf(SecurityConfigException.class)
        .hasMessage("--token-file " + fifo + " is not a regular file (a FIFO, socket or device); put the token in a"
            + " plain file: openssl rand -hex 32 > FILE && chmod 600 FILE");
    assertThatThrownBy(() -> BearerToken.read(dir, "--token-file")).hasMessageStartingWith("--token-file " + dir
        + " is a folder;");
  }

  @Test
  void aTokenOfTooFewDistinctCharactersIsRefusedSayingHowToMakeOne() {
    assertThatThrownBy(() -> BearerToken.of("a".repeat(16), "--token-file /t"))
        .isInstanceOf(SecurityConfigException.class)
        .hasMessage("--token-file /t holds a token of only 1 distinct character, too easy to guess; make a random one"
            + " with: openssl rand -hex 32");
    assertThatThrownBy(() -> BearerToken.of("abababababababababab", "t"))
        .hasMessageContaining("only 2 distinct characters");
    assertThat(BearerToken.of("k3x9Qw7Lm2Pz8Rt4", "t").matches("k3x9Qw7Lm2Pz8Rt4")).isTrue();
  }
}
