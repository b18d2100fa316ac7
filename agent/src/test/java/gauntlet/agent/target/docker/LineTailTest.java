package gauntlet.agent.target.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineTailTest {

  @Test
  void keepsTheLastLinesAcrossChunksThatSplitLines() {
    LineTail tail = new LineTail(3);
    tail.append("one\ntw");
    tail.append("o\r\nthree\nfour\nfi");
    assertThat(tail.text()).isEqualTo("three\nfour\nfi\n");
    tail.append("ve\n");
    assertThat(tail.text()).isEqualTo("three\nfour\nfive\n");
  }

  @Test
  void nothingWrittenIsEmpty() {
    LineTail tail = new LineTail(5);
    tail.append(null);
    assertThat(tail.text()).isEmpty();
  }
}
