package gauntlet.agent.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.load.LoadOptions;
import gauntlet.v1.LoadSpec;
import gauntlet.v1.TargetSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WireMappingTest {

  @Test
  void loadSpecBecomesEngineOptionsWithWrkDefaults() {
    LoadOptions options = WireMapping.loadOptions(LoadSpec.newBuilder()
        .setUrl("http://127.0.0.1:3000/json").setThreads(2).setConnections(200).setDurationMs(30_000).build(),
        AgentLimitsConfig.DEFAULT);

    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(options.method()).isEqualTo("GET");
    assertThat(options.openModel()).isFalse();
  }

  @Test
  void requestAboveTheAgentsConnectionLimitIsRefusedNamingTheLimit() {
    LoadSpec spec = LoadSpec.newBuilder().setUrl("http://127.0.0.1/").setThreads(1).setConnections(50_000)
        .setDurationMs(1000).build();
    assertThatThrownBy(() -> WireMapping.loadOptions(spec, AgentLimitsConfig.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connections 50000 is above this agent's limit of 20000 (its --max-connections)");
  }

  @Test
  void requestLongerThanTheAgentAcceptsIsRefused() {
    LoadSpec spec = LoadSpec.newBuilder().setUrl("http://127.0.0.1/").setThreads(1).setConnections(1)
        .setDurationMs(Duration.ofHours(3).toMillis()).build();
    assertThatThrownBy(() -> WireMapping.loadOptions(spec, AgentLimitsConfig.DEFAULT))
        .hasMessageContaining("10800 s is above this agent's limit of 7200 s");
  }

  @Test
  void aHealthTimeoutAboveTenMinutesIsRefusedOnTheWire() {
    TargetSpec.Builder spec = TargetSpec.newBuilder().setRuntime("node").setPort(3000);

    assertThat(WireMapping.targetConfig(spec.setHealthTimeoutMs(600_000).build()).healthTimeout())
        .isEqualTo(Duration.ofMinutes(10));
    assertThatThrownBy(() -> WireMapping.targetConfig(spec.setHealthTimeoutMs(600_001).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("health timeout must be above 0 and at most 10 minutes, not 600001 ms; a target that takes"
            + " longer to answer is broken");
  }
}
