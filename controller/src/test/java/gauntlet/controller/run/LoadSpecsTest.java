package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.controller.plan.LoadPlan;
import gauntlet.controller.plan.UrlTemplate;
import gauntlet.core.LoadTransport;
import gauntlet.v1.LoadSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadSpecsTest {

  @Test
  void thePlansRequestAndAShareOfTheRateGoOnTheWire() {
    LoadPlan load = new LoadPlan(List.of("a", "b"), UrlTemplate.parse("http://{target}:3000/json?x=1"), "POST",
        Map.of("Content-Type", "application/json"), "{}", 2, 64, Duration.ofSeconds(30), Duration.ofSeconds(5),
        Duration.ofMillis(500), 10_000, Duration.ZERO, false);

    LoadSpec spec = LoadSpecs.forAgent(load, load.url().resolve("fd00::3"), 2);

    assertThat(spec.getUrl()).isEqualTo("http://[fd00::3]:3000/json?x=1");
    assertThat(spec.getMethod()).isEqualTo("POST");
    assertThat(spec.getHeadersMap()).containsExactly(Map.entry("Content-Type", "application/json"));
    assertThat(spec.getBody().toString(StandardCharsets.UTF_8)).isEqualTo("{}");
    assertThat(spec.getRate()).isEqualTo(5_000);
    assertThat(spec.getTimeoutMs()).isEqualTo(500);
    assertThat(spec.getIntervalMs()).isEqualTo(1_000);
    assertThat(load.url().path()).isEqualTo("/json");
    assertThat(spec.getTransport()).isEqualTo("auto");
  }

  @Test
  void thePlansTransportGoesOnTheWireByName() {
    LoadPlan load = new LoadPlan(List.of("a"), UrlTemplate.parse("http://{target}:3000/json"), "GET", Map.of(), "", 1,
        8, Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(2), 0, Duration.ZERO, false, LoadTransport.IO_URING);

    assertThat(LoadSpecs.forAgent(load, load.url().resolve("127.0.0.1"), 1).getTransport()).isEqualTo("io_uring");
  }
}
