package gauntlet.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> KEYS = List.of("agent", "runtime", "launcher", "cpus", "memory", "cluster");

  @Test
  void typosFindTheIntendedWord() {
    assertThat(Suggestions.closest("runtim", KEYS)).contains("runtime");
    assertThat(Suggestions.closest("lanucher", KEYS)).contains("launcher");
    assertThat(Suggestions.closest("CPUS", KEYS)).contains("cpus");
    assertThat(Suggestions.closest("clusters", KEYS)).contains("cluster");
  }

  @Test
  void unrelatedWordsFindNothing() {
    assertThat(Suggestions.closest("colour", KEYS)).isEmpty();
    assertThat(Suggestions.closest("x", KEYS)).isEmpty();
    assertThat(Suggestions.didYouMean("zzz", KEYS)).isEmpty();
  }

  @Test
  void distanceIsLevenshtein() {
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    assertThat(Suggestions.distance("same", "same")).isZero();
  }
}
