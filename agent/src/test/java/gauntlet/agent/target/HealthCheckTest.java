package gauntlet.agent.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthCheckTest {

  @Test
  void answersThatWaitingWillNotChangeAreFinal() {
    for (int status : new int[] {404, 400, 401, 403, 405, 500, 502, 504, 301, 204}) {
      assertThat(HealthCheck.isFinal(status)).as("%d", status).isTrue();
    }
  }

  @Test
  void notReadyYetAndSlowDownAreWaitedOut() {
    for (int status : new int[] {503, 429, 408}) {
      assertThat(HealthCheck.isFinal(status)).as("%d", status).isFalse();
    }
  }
}
