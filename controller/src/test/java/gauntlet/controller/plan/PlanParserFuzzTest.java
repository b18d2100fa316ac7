package gauntlet.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever the input, the parser answers with a Plan or a one-line PlanException: never another
 * exception, never a hang. Seeds are fixed so a failure reproduces; set -Dgauntlet.fuzz.seed to
 * explore others.
 */
class PlanParserFuzzTest {
  private static final long SEED = Long.getLong("gauntlet.fuzz.seed", 20260525L);
  private static final Duration LIMIT = Duration.ofMinutes(2);
  private static final String[] WORDS = {
      "name", "agents", "auth", "token_file", "tls", "ca", "cert", "key", "target", "agent", "runtime", "launcher",
      "cpus", "memory", "cluster", "port", "network", "health_timeout", "load", "url", "threads", "connections",
      "duration", "warmup", "timeout", "rate", "separate_from_target", "on_agent_loss", "local", "node", "bun", "go",
      "docker", "process", "bridge", "host", "true", "false", "abort", "continue", "30s", "-5s", "1m30s", "512m",
      "0", "-1", "4", "0.5", "1e999", "99999999999999999999", "http://{target}:3000/json", "{target}", "[::1]:7070",
      "10.0.0.2:7070", "~/x", "null", "~", ".inf", ".nan", "0x1F", "0o17", "1_000", "!!binary", "!!str", "&a", "*a",
      "<<", "?", "|", ">", "'", "\"", "#", "%YAML 1.2", "---", "...", "é", "\t", "\u0000", "\uFEFF", "\uD800"};
  private static final String[] PUNCTUATION = {": ", ":", "- ", "[", "]", "{", "}", ", ", "\n", "\n  ", "\n    ",
      " ", "  ", "\r\n"};

  @TempDir
  Path home;

  private PlanParser parser;

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(home.resolve(".gauntlet"));
    Files.writeString(home.resolve(".gauntlet/token"), "secret");
    parser = new PlanParser(home);
  }

  @Test
  void randomBytesOnlyEverGivePlanExceptions() {
    Random random = new Random(SEED);
    assertTimeoutPreemptively(LIMIT, () -> {
      Path file = home.resolve("fuzz.yaml");
      for (int i = 0; i < 1500; i++) {
        byte[] bytes = new byte[random.nextInt(400)];
        random.nextBytes(bytes);
        Files.write(file, bytes);
        check(() -> parser.read(file), "random bytes #" + i);
        check(() -> parser.read(new String(bytes, StandardCharsets.ISO_8859_1), "fuzz.yaml", home),
            "random chars #" + i);
      }
    });
  }

  @Test
  void randomYamlishTextOnlyEverGivesPlanExceptions() {
    Random random = new Random(SEED + 1);
    assertTimeoutPreemptively(LIMIT, () -> {
      for (int i = 0; i < 4000; i++) {
        StringBuilder text = new StringBuilder();
        int tokens = 1 + random.nextInt(60);
        for (int t = 0; t < tokens; t++) {
          text.append(random.nextBoolean() ? WORDS[random.nextInt(WORDS.length)]
              : PUNCTUATION[random.nextInt(PUNCTUATION.length)]);
        }
        String yaml = text.toString();
        check(() -> parser.read(yaml, "fuzz.yaml", home), "yaml-ish #" + i + ": " + yaml);
      }
    });
  }

  @Test
  void everyTruncationOfTheExamplePlansOnlyEverGivesPlanExceptions() throws IOException {
    List<String> examples = new ArrayList<>();
    for (Path example : PlanExamplesTest.examples()) {
      examples.add(Files.readString(example));
    }
    assertTimeoutPreemptively(LIMIT, () -> {
      int parsed = 0;
      for (String example : examples) {
        for (int end = 0; end <= example.length(); end++) {
          String prefix = example.substring(0, end);
          if (check(() -> parser.read(prefix, "cut.yaml", home), "truncation at " + end + ":\n" + prefix)) {
            parsed++;
          }
        }
      }
      // The whole file and cuts inside its trailing comments or newline still parse.
      assertThat(parsed).isGreaterThanOrEqualTo(examples.size());
    });
  }

  @Test
  void randomEditsOfTheExamplePlansOnlyEverGivePlanExceptions() throws IOException {
    Random random = new Random(SEED + 2);
    List<String> examples = new ArrayList<>();
    for (Path example : PlanExamplesTest.examples()) {
      examples.add(Files.readString(example));
    }
    assertTimeoutPreemptively(LIMIT, () -> {
      for (int i = 0; i < 4000; i++) {
        StringBuilder text = new StringBuilder(examples.get(random.nextInt(examples.size())));
        for (int edits = 1 + random.nextInt(3); edits > 0 && text.length() > 0; edits--) {
          int at = random.nextInt(text.length());
          switch (random.nextInt(3)) {
            case 0 -> text.deleteCharAt(at);
            case 1 -> text.insert(at, PUNCTUATION[random.nextInt(PUNCTUATION.length)]);
            default -> text.insert(at, WORDS[random.nextInt(WORDS.length)]);
          }
        }
        String yaml = text.toString();
        check(() -> parser.read(yaml, "edit.yaml", home), "edit #" + i + ":\n" + yaml);
      }
    });
  }

  /** True when the input parsed; false after a well-formed PlanException; fails on anything else. */
  private static boolean check(ParseCall call, String input) {
    try {
      assertThat(call.parse()).isNotNull();
      return true;
    } catch (PlanException e) {
      assertThat(e.getMessage()).as(input).doesNotContain("\n").doesNotContain("\r").isNotBlank();
      return false;
    } catch (AssertionError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      fail("seed " + SEED + ", " + input + "\nthrew " + e, e);
      return false;
    }
  }

  @FunctionalInterface
  private interface ParseCall {
    Plan parse();
  }
}
