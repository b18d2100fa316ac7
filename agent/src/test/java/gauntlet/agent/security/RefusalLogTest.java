package gauntlet.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A flood of refused calls writes one line per reason and window, not one line per call. */
class RefusalLogTest {
  private final AtomicLong clock = new AtomicLong();
  private final List<String> lines = new ArrayList<>();
  private final RefusalLog log = new RefusalLog(Duration.ofSeconds(10), clock::get, lines::add);

  @Test
  void aFloodOfRefusalsLogsOneLinePerReasonAndWindowWithTheCountOfTheRest() {
    for (int i = 0; i < 100_000; i++) {
      log.refused("Describe", "/10.0.0.7:" + (1024 + i % 60_000), "wrong token");
    }
    log.refused("Clock", "/10.0.0.8:4000", "no token");
    assertThat(lines).containsExactly("Refused Describe from /10.0.0.7:1024: wrong token",
        "Refused Clock from /10.0.0.8:4000: no token");

    clock.addAndGet(Duration.ofSeconds(9).toNanos());
    log.refused("Describe", "/10.0.0.7:9", "wrong token");
    assertThat(lines).hasSize(2);

    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    log.refused("Session", "/10.0.0.7:10", "wrong token");
    assertThat(lines).hasSize(3).last().isEqualTo("Refused Session from /10.0.0.7:10: wrong token (and 100000 more"
        + " refused for this reason since that line, not logged)");
  }
}
