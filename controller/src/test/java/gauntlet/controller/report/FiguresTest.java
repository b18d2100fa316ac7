package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.core.ErrorCounts;
import org.junit.jupiter.api.Test;

class FiguresTest {
  @Test
  void numbersReadLikeTheArticle() {
    assertThat(Figures.rps(31_025.4)).isEqualTo("31,025 RPS");
    assertThat(Figures.count(933_074)).isEqualTo("933,074");
    assertThat(Figures.millis(8.6249)).isEqualTo("8.62 ms");
    assertThat(Figures.millis(2000)).isEqualTo("2,000.00 ms");
    assertThat(Figures.cpuPercent(383.4)).isEqualTo("383%");
    assertThat(Figures.memory(47_500_000)).isEqualTo("45.3 MiB");
    assertThat(Figures.memory(900)).isEqualTo("900 B");
    assertThat(Figures.signedMillis(0.42)).isEqualTo("+0.42 ms");
    assertThat(Figures.signedMillis(-1.3)).isEqualTo("-1.30 ms");
    assertThat(Figures.bitRate(9.41e9)).isEqualTo("9.41 Gbit/s");
    assertThat(Figures.bitRate(941.2e6)).isEqualTo("941.2 Mbit/s");
  }

  @Test
  void transferRateScalesLikeWrksTransferPerSecond() {
    assertThat(Figures.transferRate(1.62 * 1024 * 1024)).isEqualTo("1.62 MB/s");
    // wrk moves to the next unit from 0.85 of it: 870.4 bytes are already 0.85 KB.
    assertThat(Figures.transferRate(870)).isEqualTo("870.00 B/s");
    assertThat(Figures.transferRate(871)).isEqualTo("0.85 KB/s");
    assertThat(Figures.transferRate(900 * 1024)).isEqualTo("0.88 MB/s");
    assertThat(Figures.transferRate(3.0 * 1024 * 1024 * 1024)).isEqualTo("3.00 GB/s");
    // As in wrk, the last unit (P) is never reached.
    assertThat(Figures.transferRate(5.0 * Math.pow(1024, 5))).isEqualTo("5120.00 TB/s");
  }

  @Test
  void failuresAreCountedByClass() {
    assertThat(Figures.failures(ErrorCounts.NONE)).isEqualTo("0");
    assertThat(Figures.failures(ErrorCounts.of(0, 0, 0, 60, 0))).isEqualTo("60 Timeouts");
    assertThat(Figures.failures(ErrorCounts.of(0, 0, 0, 1, 0))).isEqualTo("1 Timeout");
    assertThat(Figures.failures(ErrorCounts.of(3, 1, 2, 1_500, 7)))
        .isEqualTo("3 Connect errors, 1 Read error, 2 Write errors, 1,500 Timeouts, 7 Non-2xx/3xx");
  }
}
