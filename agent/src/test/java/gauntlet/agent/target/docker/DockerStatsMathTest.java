package gauntlet.agent.target.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DockerStatsMathTest {

  @Test
  void oneCoreBusyForTheWholeIntervalIsOneHundredPercent() {
    // 1 s of CPU while a 4-CPU host ran 4 s of CPU time in total.
    assertThat(DockerStatsMath.cpuPercent(1_000_000_000L, 4_000_000_000L, 4)).isCloseTo(100.0, within(1e-9));
  }

  @Test
  void twoCoresBusyIsTwoHundredPercent() {
    assertThat(DockerStatsMath.cpuPercent(1_500_000_000L, 1_500_000_000L, 2)).isCloseTo(200.0, within(1e-9));
  }

  @Test
  void emptyOrBackwardIntervalsReadZero() {
    assertThat(DockerStatsMath.cpuPercent(5, 0, 2)).isZero();
    assertThat(DockerStatsMath.cpuPercent(-5, 1_000, 2)).isZero();
    assertThat(DockerStatsMath.cpuPercent(5, 1_000, 0)).isZero();
  }

  @Test
  void memoryLeavesOutTheInactivePageCacheLikeDockerStats() {
    assertThat(DockerStatsMath.memoryWithoutCache(100_000, 30_000L, 40_000L)).as("cgroup v1").isEqualTo(70_000);
    assertThat(DockerStatsMath.memoryWithoutCache(100_000, null, 40_000L)).as("cgroup v2").isEqualTo(60_000);
    assertThat(DockerStatsMath.memoryWithoutCache(100_000, null, null)).isEqualTo(100_000);
    assertThat(DockerStatsMath.memoryWithoutCache(100_000, 200_000L, null)).as("never negative").isEqualTo(100_000);
  }
}
