package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.controller.plan.Cell;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RunEtaTest {
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong();
  private final RunEta eta = new RunEta(Duration.ofSeconds(30), now::get);
  private final Cell cell = new Cell(0, "node", 1, false);

  @Test
  void beforeAnyCellFinishesEachIsExpectedToTakeItsLoad() {
    eta.runStarted("r", 12);
    eta.cellStarted(cell, 12);
    now.addAndGet(10 * SECOND);

    // 20 s left of this cell, 11 more at 30 s.
    assertThat(eta.remaining()).isEqualTo(Duration.ofSeconds(20 + 11 * 30));
    assertThat(eta.line()).isEqualTo("cell 1/12 · ~6 min left");
  }

  @Test
  void finishedCellsSetThePace() {
    eta.runStarted("r", 4);
    for (int i = 0; i < 2; i++) {
      eta.cellStarted(cell, 4);
      now.addAndGet(45 * SECOND);
      eta.cellFinished(null);
    }
    eta.cellStarted(cell, 4);
    now.addAndGet(5 * SECOND);

    assertThat(eta.remaining()).isEqualTo(Duration.ofSeconds(40 + 45));
    assertThat(eta.line()).isEqualTo("cell 3/4 · ~2 min left");
    assertThat(eta.finished()).isEqualTo(2);
  }

  @Test
  void aCellRunningLongerThanExpectedLeavesTheRestNotANegativeTime() {
    eta.runStarted("r", 2);
    eta.cellStarted(cell, 2);
    now.addAndGet(90 * SECOND);

    assertThat(eta.remaining()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theEndIsZero() {
    eta.runStarted("r", 1);
    eta.cellStarted(cell, 1);
    eta.cellFinished(null);

    assertThat(eta.remaining()).isZero();
    assertThat(eta.line()).isEqualTo("cell 1/1 · ~0 s left");
  }

  @Test
  void remainingTimeReadsAsAPersonWouldSayIt() {
    assertThat(RunEta.left(Duration.ofMillis(39_200))).isEqualTo("~40 s left");
    assertThat(RunEta.left(Duration.ofSeconds(181))).isEqualTo("~4 min left");
    assertThat(RunEta.left(Duration.ofMinutes(65))).isEqualTo("~1 h 5 min left");
  }
}
