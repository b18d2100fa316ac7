package gauntlet.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetworkProbeTest {

  @Test
  void loopbackProbeSeesSubMillisecondHandshakesAndTheBytesTheSinkCounted() throws Exception {
    try (ThroughputSink sink = ThroughputSink.open("127.0.0.1", Duration.ofSeconds(30))) {
      NetworkProbe.Result result = NetworkProbe.measure("127.0.0.1", sink.port(), 20, Duration.ofMillis(500));

      assertThat(result.rttMinMs()).isPositive().isLessThanOrEqualTo(result.rttAvgMs());
      assertThat(result.rttAvgMs()).isLessThanOrEqualTo(result.rttMaxMs());
      assertThat(result.rttMinMs()).isLessThan(5);
      assertThat(result.bytes()).isGreaterThan(1_000_000);
      assertThat(result.seconds()).isBetween(0.05, 5.0);
      // Loopback carries far more than a Wi-Fi link's 50 Mbit/s, even on a busy machine.
      assertThat(result.bitsPerSecond()).isGreaterThan(200e6);
    }
  }

  @Test
  void rttOnlyProbeSendsNoData() throws Exception {
    try (ThroughputSink sink = ThroughputSink.open("127.0.0.1", Duration.ofSeconds(30))) {
      NetworkProbe.Result result = NetworkProbe.measure("127.0.0.1", sink.port(), 3, Duration.ZERO);
      assertThat(result.bytes()).isZero();
      assertThat(result.bitsPerSecond()).isZero();
    }
  }

  @Test
  void closedPortIsAConnectFailure() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int closed = port;
    assertThatThrownBy(() -> NetworkProbe.measure("127.0.0.1", closed, 1, Duration.ZERO))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void sinkClosesItselfAfterItsTimeToLive() throws Exception {
    ThroughputSink sink = ThroughputSink.open("127.0.0.1", Duration.ofMillis(100));
    int port = sink.port();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    boolean refused = false;
    while (!refused && System.nanoTime() < deadline) {
      try {
        NetworkProbe.measure("127.0.0.1", port, 1, Duration.ZERO);
        Thread.onSpinWait();
      } catch (IOException e) {
        refused = true;
      }
    }
    assertThat(refused).isTrue();
  }

  @Test
  void absurdRequestsAreRefusedWithTheLimit() {
    assertThatThrownBy(() -> NetworkProbe.measure("127.0.0.1", 1, 1, Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 and 30 s");
  }
}
