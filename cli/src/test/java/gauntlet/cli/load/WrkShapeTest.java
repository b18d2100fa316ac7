package gauntlet.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The mask the wrk comparison relies on: numbers go, columns stay. */
class WrkShapeTest {

  @Test
  void tableFiguresKeepTheColumnOfTheirLastDigit() {
    assertThat(WrkShape.of("    Latency   120.71us  205.58us   5.44ms   97.66%\n"))
        .isEqualTo("    Latency        N         N        N         N%\n");
    assertThat(WrkShape.of("    Latency  1.20s   205.58us   5.44ms   97.66%\n"))
        .isEqualTo("    Latency     N         N        N         N%\n");
  }

  @Test
  void aFigureOneColumnOffChangesTheShape() {
    assertThat(WrkShape.of("    Latency   120.71us  205.58us   5.44ms   97.66%\n"))
        .isNotEqualTo(WrkShape.of("    Latency  120.71us  205.58us   5.44ms   97.66%\n"));
  }

  @Test
  void textFiguresBecomeOneN() {
    assertThat(WrkShape.of("  165843 requests in 2.10s, 21.51MB read\n")).isEqualTo("  N requests in N, N read\n");
    assertThat(WrkShape.of("  94202 requests in 850.00ms, 2.00KB read\n")).isEqualTo("  N requests in N, N read\n");
  }
}
