package gauntlet.agent.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ServerPortsTest {

  @Test
  void picksAFreePortOutsideTheEphemeralRange() {
    int[] ephemeral = ServerPorts.ephemeralRange();
    for (int i = 0; i < 20; i++) {
      int port = ServerPorts.freeLoopbackPort();
      assertThat(port).isBetween(10_000, 65_535);
      assertThat(port >= ephemeral[0] && port <= ephemeral[1]).as("port %d in %d-%d", port, ephemeral[0], ephemeral[1])
          .isFalse();
      assertThat(ServerPorts.isFree(InetAddress.getLoopbackAddress(), port)).isTrue();
    }
  }

  @Test
  void aPortSomeoneListensOnIsNotFree() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(ServerPorts.isFree(InetAddress.getLoopbackAddress(), taken.getLocalPort())).isFalse();
    }
  }
}
