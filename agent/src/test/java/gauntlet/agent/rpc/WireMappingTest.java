package gauntlet.agent.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.load.LoadOptions;
import gauntlet.core.LoadTransport;
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
    assertThat(options.transport()).isEqualTo(LoadTransport.AUTO);
  }

  @Test
  void theTransportAskedForOnTheWireIsCarriedTypedAndAnUnknownOneRefused() {
    LoadSpec spec = LoadSpec.newBuilder().setUrl("http://127.0.0.1/").setThreads(1).setConnections(1)
        .setDurationMs(1000).setTransport("io_uring").build();

    assertThat(WireMapping.loadOptions(spec, AgentLimitsConfig.DEFAULT).transport()).isEqualTo(LoadTransport.IO_URING);
    assertThatThrownBy(() -> WireMapping.loadOptions(spec.toBuilder().setTransport("dpdk").build(),
        AgentLimitsConfig.DEFAULT)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transport 'dpdk' is not one of auto, io_uring, epoll, nio");
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
  void durationsWhoseSumOverflowsAreRefusedNotWrapped() {
    // Long.MAX_VALUE ms of duration plus of warm-up once summed to a negative total that passed the
    // limit, then failed deep in the engine with INTERNAL "long overflow".
    LoadSpec spec = LoadSpec.newBuilder().setUrl("http://127.0.0.1/").setThreads(1).setConnections(1)
        .setDurationMs(Long.MAX_VALUE).setWarmupMs(Long.MAX_VALUE).build();
    assertThatThrownBy(() -> WireMapping.loadOptions(spec, AgentLimitsConfig.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warm-up plus duration of more than 9223372036854775 s is above this agent's limit of 7200 s"
            + " (its --max-duration)");
    LoadSpec negative = spec.toBuilder().setDurationMs(1000).setWarmupMs(-5000).build();
    assertThatThrownBy(() -> WireMapping.loadOptions(negative, AgentLimitsConfig.DEFAULT))
        .hasMessage("duration (1000 ms) and warm-up (-5000 ms) must not be negative");
  }

  @Test
  void aBodyTimesConnectionsBeyondTheRequestMemoryIsRefusedBeforeAnythingIsReserved() {
    // 1 MiB of body on each of 6,000 connections once asked for 6 GB of direct memory (OutOfMemoryError).
    LoadSpec spec = LoadSpec.newBuilder().setUrl("http://127.0.0.1/").setThreads(1).setConnections(6000)
        .setDurationMs(1000).setBody(com.google.protobuf.ByteString.copyFrom(new byte[1024 * 1024 - 100])).build();
    assertThatThrownBy(() -> WireMapping.loadOptions(spec, AgentLimitsConfig.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("a request of ").hasMessageContaining(" bytes on each of 6000 connections needs 5999 MiB,"
            + " above this agent's 256 MiB for request buffers; send a smaller body or fewer connections");
    LoadSpec fits = spec.toBuilder().setConnections(200).build();
    assertThat(WireMapping.loadOptions(fits, AgentLimitsConfig.DEFAULT).connections()).isEqualTo(200);
  }

  @Test
  void timeoutsAndIntervalsOutsideTheirRangeAreRefused() {
    LoadSpec spec = LoadSpec.newBuilder().setUrl("http://127.0.0.1/").setThreads(1).setConnections(1)
        .setDurationMs(1000).build();
    assertThatThrownBy(() -> WireMapping.loadOptions(spec.toBuilder().setTimeoutMs(Long.MAX_VALUE).build(),
        AgentLimitsConfig.DEFAULT)).hasMessageStartingWith("timeout of 9223372036854775807 ms is outside 0");
    assertThatThrownBy(() -> WireMapping.loadOptions(spec.toBuilder().setIntervalMs(1).build(),
        AgentLimitsConfig.DEFAULT)).hasMessage("report interval of 1 ms is outside 100 to 60000 ms (0: the default of 1 s)");
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
