package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AgentNamesTest {

  @Test
  void aFewAgentsAreAllNamed() {
    assertThat(AgentNames.listed(List.of("laptop"))).isEqualTo("laptop");
    assertThat(AgentNames.listed(List.of("a", "b", "c"))).isEqualTo("a, b, c");
  }

  @Test
  void aThousandAgentsAreTheFirstThreeAndACount() {
    List<String> names = IntStream.rangeClosed(1, 1000).mapToObj(i -> String.format("a%04d", i)).toList();
    assertThat(AgentNames.listed(names)).isEqualTo("a0001, a0002, a0003 and 997 more agents");
  }
}
