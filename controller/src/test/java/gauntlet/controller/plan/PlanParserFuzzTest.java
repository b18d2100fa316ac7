package gauntlet.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Whatever text a user hands it, the parser answers with a plan or a PlanException: never anything else. */
class PlanParserFuzzTest {
  private static final String[] FRAGMENTS = {
      "agents:", "target:", "load:", "local", "local: local", "runtime:", "node", "bun", "go", "[", "]", "{", "}",
      ":", "- ", "\n", "  ", "\t", "'", "\"", "&a", "*a", "!!binary", "!!int", "cpus: ", "-1", "1e999", "0x1F",
      "duration: ", "30s", "url: ", "http://{target}:3000/json", "{target}", "~", "null", "true", "? ", "|", ">",
      "#", "%YAML 1.2", "---", "...", "memory: ", "512m", "\u0000", "\uFFFF", "agents: [a, b]", "<<: *a",
  };

  @Test
  void everyTruncationOfARealPlanIsAPlanOrAPlanException() {
    String plan = PlanParserTest.CLOUD;
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int end = 0; end <= plan.length(); end++) {
        parseOrPlanException(plan.substring(0, end));
      }
    });
  }

  @Test
  void randomYamlLikeTextIsAPlanOrAPlanException() {
    SplittableRandom random = new SplittableRandom(20261129);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int i = 0; i < 3000; i++) {
        StringBuilder text = new StringBuilder();
        int parts = 1 + random.nextInt(40);
        for (int j = 0; j < parts; j++) {
          text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        parseOrPlanException(text.toString());
      }
    });
  }

  @Test
  void mutatedPlansAreAPlanOrAPlanException() {
    SplittableRandom random = new SplittableRandom(7);
    byte[] original = PlanParserTest.CLOUD.getBytes(StandardCharsets.UTF_8);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int i = 0; i < 3000; i++) {
        byte[] mutated = original.clone();
        int flips = 1 + random.nextInt(4);
        for (int j = 0; j < flips; j++) {
          mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
        }
        parseOrPlanException(new String(mutated, StandardCharsets.UTF_8));
      }
    });
  }

  @Test
  void randomBytesAreAPlanException() {
    SplittableRandom random = new SplittableRandom(99);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int i = 0; i < 2000; i++) {
        byte[] bytes = new byte[random.nextInt(300)];
        for (int j = 0; j < bytes.length; j++) {
          bytes[j] = (byte) random.nextInt(256);
        }
        parseOrPlanException(new String(bytes, StandardCharsets.ISO_8859_1));
      }
    });
  }

  private static void parseOrPlanException(String text) {
    try {
      Plan plan = PlanParser.parse(text, "fuzz.yaml");
      assertThat(plan.cells()).isNotEmpty();
    } catch (PlanException e) {
      assertThat(e.getMessage()).startsWith("fuzz.yaml").doesNotContain("\n");
    } catch (Throwable t) {
      fail("Input " + quote(text) + " threw " + t, t);
    }
  }

  private static String quote(String text) {
    return "\"" + text.replace("\n", "\\n") + "\"";
  }
}
