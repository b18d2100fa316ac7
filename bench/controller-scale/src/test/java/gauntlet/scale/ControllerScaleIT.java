package gauntlet.scale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real controller ({@code gauntlet run} in its own JVM) against 100 simulated agents: what it
 * merges must equal exactly what they sent, and every agent must start at the agreed instant
 * within bounds loose enough for a loaded 2-core machine. Performance is the bench's business
 * (bench/controller-scale.sh); nothing here is timed against a goal.
 */
class ControllerScaleIT {
  private static final int AGENTS = 100;
  private static final int SECONDS = 3;

  @TempDir
  Path work;

  @Test
  void aHundredAgentsAreMergedExactlyAndStartTogether() throws Exception {
    Path jar = Path.of(System.getProperty("gauntlet.jar", "../../cli/target/gauntlet.jar"));
    assertThat(jar).as("the controller under test; the reactor packages it before this module").exists();

    ScaleReport report = ControllerScaleBench.run(
        new ControllerScaleBench.Settings(AGENTS, SECONDS, jar, work, List.of("-Xmx512m")));

    assertThat(report.controllerExit()).as(report.render()).isZero();
    assertThat(report.problems()).as(report.render()).isEmpty();
    assertThat(report.requestsMerged()).isEqualTo(report.requestsSent()).isPositive();
    assertThat(report.intervalsSent()).isEqualTo((long) AGENTS * SECONDS);
    // Never before the agreed instant (a 1 ms allowance for the two clocks' readings), and not
    // seconds after it even on a loaded machine.
    assertThat(report.skewMillis()).hasSize(AGENTS).allSatisfy(skew -> assertThat(skew).isBetween(-1.0, 2000.0));
    assertThat(report.controllerSkewMillis()).hasSize(AGENTS)
        .allSatisfy(skew -> assertThat(skew).isBetween(-250.0, 2000.0));
  }

  @Test
  void everyClockOffsetIsRightWithinHalfItsProbesRoundTrip() throws Exception {
    Path jar = Path.of(System.getProperty("gauntlet.jar", "../../cli/target/gauntlet.jar"));
    ScaleReport report = ControllerScaleBench.run(
        new ControllerScaleBench.Settings(20, 2, jar, work, List.of("-Xmx256m")));
    assertThat(report.problems()).as(report.render()).isEmpty();

    // The simulated clocks are up to 250 ms off; the estimate from the probe with round trip r is
    // right to within r/2, however loaded the machine.
    JsonNode agents = new ObjectMapper().readTree(Files.readString(work.resolve("results/results.json"))).path("agents");
    assertThat(agents).hasSize(21);
    assertThat(report.offsetErrorMillis()).hasSize(21);
    int i = 0;
    for (JsonNode agent : agents) {
      double error = report.offsetErrorMillis().get(i++);
      assertThat(Math.abs(error)).as(agent.path("name").asText())
          .isLessThanOrEqualTo(agent.path("clock_rtt_ms").asDouble() / 2 + 0.01);
    }
  }
}
