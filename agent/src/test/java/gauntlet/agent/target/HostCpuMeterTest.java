package gauntlet.agent.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostCpuMeterTest {
  private static List<String> stat(long user, long system, long idle, long iowait) {
    return List.of(
        "cpu  " + user + " 0 " + system + " " + idle + " " + iowait + " 0 0 0 0 0",
        "cpu0 1 0 1 1 0 0 0 0 0 0",
        "cpu1 1 0 1 1 0 0 0 0 0 0",
        "intr 12345");
  }

  @Test
  void busyTimeOverTheIntervalCountsEveryCoreAndLeavesIdleAndIowaitOut() {
    HostCpuMeter meter = new HostCpuMeter(null);
    assertThat(meter.update(stat(100, 50, 1000, 10))).isEmpty();
    // 150 busy ticks of 200 in the interval, on 2 cores: 1.5 cores busy.
    assertThat(meter.update(stat(200, 100, 1040, 20)).getAsDouble()).isCloseTo(150, within(1e-9));
    assertThat(meter.cores()).isEqualTo(2);
  }

  @Test
  void unreadableStatIsNoReading() {
    assertThat(new HostCpuMeter(java.nio.file.Path.of("/nonexistent/stat")).sample()).isEmpty();
    assertThat(new HostCpuMeter(null).update(List.of("intr 1"))).isEmpty();
  }
}
