package gauntlet.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.agent.load.TestHttpServer;
import gauntlet.cli.CommandLineUser;
import org.junit.jupiter.api.Test;

/** {@code gauntlet load --transport}: the transport asked for runs, and --json records it. */
class LoadTransportOptionIT {
  private final CommandLineUser user = new CommandLineUser();

  @Test
  void theTransportAskedForRunsAndTheJsonRecordsIt() throws Exception {
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.immediate())) {
      int code = user.run("load", "-t1", "-c4", "-d1s", "--no-jit-warmup", "--transport", "nio", "--json",
          server.url().toString());

      assertThat(code).as(user.err()).isZero();
    }
    JsonNode summary = new ObjectMapper().readTree(user.out());
    assertThat(summary.get("transport").asText()).isEqualTo("nio");
    assertThat(summary.get("requests").asLong()).isPositive();
    assertThat(user.err()).doesNotContain("not available");
  }

  @Test
  void anUnknownTransportIsRefusedWithTheChoices() {
    int code = user.run("load", "-d1s", "--transport", "kqueue", "http://127.0.0.1:9/");

    assertThat(code).isNotZero();
    assertThat(user.err()).contains("transport 'kqueue' is not one of auto, io_uring, epoll, nio");
  }
}
