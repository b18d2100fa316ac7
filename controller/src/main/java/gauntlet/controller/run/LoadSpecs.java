package gauntlet.controller.run;

import com.google.protobuf.ByteString;
import gauntlet.controller.plan.LoadPlan;
import gauntlet.core.LoadDefaults;
import gauntlet.v1.LoadSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Builds the wire's load request for one load agent from the plan's typed load section. */
final class LoadSpecs {
  private LoadSpecs() {}

  /**
   * @param url the plan's URL with the target's host filled in
   * @param loadAgents how many agents share the load: each gets its share of an open model's rate
   */
  static LoadSpec forAgent(LoadPlan load, URI url, int loadAgents) {
    return LoadSpec.newBuilder()
        .setUrl(url.toString())
        .setMethod(load.method())
        .putAllHeaders(load.headers())
        .setBody(ByteString.copyFrom(load.body(), StandardCharsets.UTF_8))
        .setThreads(load.threads())
        .setConnections(load.connections())
        .setDurationMs(load.duration().toMillis())
        .setWarmupMs(load.warmup().toMillis())
        .setTimeoutMs(load.timeout().toMillis())
        .setRate(load.rate() / loadAgents)
        .setIntervalMs(LoadDefaults.INTERVAL.toMillis())
        .setTransport(load.transport().text())
        .build();
  }
}
