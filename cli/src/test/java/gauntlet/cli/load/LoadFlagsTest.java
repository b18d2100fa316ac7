package gauntlet.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.cli.CommandLineUser;
import gauntlet.cli.Gauntlet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every wrk flag, spelled as wrk's users spell it, lands on {@code gauntlet load}'s options. */
class LoadFlagsTest {

  private static LoadCommand parse(String... args) {
    CommandLine cli = Gauntlet.commandLine();
    CommandLine.ParseResult parsed = cli.parseArgs(args);
    return parsed.subcommand().commandSpec().commandLine().getCommand();
  }

  @Test
  void wrksShortFlagsWithBareSecondsAndSuffixes() {
    LoadCommand load = parse("load", "-t", "4", "-c", "100k", "-d", "2", "--timeout", "2", "-R", "20k", "-L",
        "-H", "Accept: text/plain", "-H", "X-Trace: 1", "http://127.0.0.1:8080/");
    assertThat(load.threads).isEqualTo(4);
    assertThat(load.connections).isEqualTo(100_000);
    assertThat(load.duration).isEqualTo(Duration.ofSeconds(2));
    assertThat(load.timeout).isEqualTo(Duration.ofSeconds(2));
    assertThat(load.rate).isEqualTo(20_000);
    assertThat(load.latency).isTrue();
    assertThat(load.headers).containsExactly("Accept: text/plain", "X-Trace: 1");
  }

  @Test
  void attachedValuesAsWrkTakesThem() {
    LoadCommand load = parse("load", "-d2s", "-c64", "-t2", "http://127.0.0.1:8080/");
    assertThat(load.duration).isEqualTo(Duration.ofSeconds(2));
    assertThat(load.connections).isEqualTo(64);
    assertThat(load.threads).isEqualTo(2);
  }

  @Test
  void wrksLongFlagsAndAttachedValues() {
    LoadCommand load = parse("load", "--threads=1k", "--connections", "1M", "--duration", "1m", "--latency",
        "--header", "A: b", "http://127.0.0.1:8080/");
    assertThat(load.threads).isEqualTo(1000);
    assertThat(load.connections).isEqualTo(1_000_000);
    assertThat(load.duration).isEqualTo(Duration.ofMinutes(1));
    assertThat(load.latency).isTrue();
    assertThat(load.headers).containsExactly("A: b");
  }

  @Test
  void aLuaScriptIsRefusedWithASentenceThatSaysWhatToUseInstead() {
    CommandLineUser user = new CommandLineUser();
    int code = user.run("load", "-s", "post.lua", "http://127.0.0.1:1/");
    assertThat(code).isEqualTo(2);
    assertThat(user.err().strip()).doesNotContain("\n")
        .contains("Lua scripts are not supported").contains("load section").contains("-H");
  }

  @Test
  void helpSaysLuaIsNotSupportedAndWhatToUse() {
    CommandLineUser user = new CommandLineUser();
    assertThat(user.run("load", "--help")).isZero();
    assertThat(user.out().replaceAll("\\s+", " ")).contains("Lua scripts (-s) are not supported")
        .contains("load section");
  }

  @Test
  void dashVPrintsTheVersionAsWrksDoes() {
    CommandLineUser user = new CommandLineUser();
    assertThat(user.run("load", "-v")).isZero();
    assertThat(user.out()).startsWith("gauntlet ");
  }

  @Test
  void aBadCountNamesTheValue() {
    CommandLineUser user = new CommandLineUser();
    assertThat(user.run("load", "-c", "lots", "http://127.0.0.1:1/")).isEqualTo(2);
    assertThat(user.err()).contains("'lots'");
  }
}
