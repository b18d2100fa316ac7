package gauntlet.cli.fault;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.agent.target.ServerPorts;
import gauntlet.cli.TestPlans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gauntlet run} in a JVM of its own, as a user starts it, with the in-process local agent:
 * a cell's failure reaches the terminal once, not as the agent's log line and again as FAILED.
 */
class ErrorsPrintedOnceIT {

  @Test
  void aHealthCheckFailureIsPrintedOnce(@TempDir Path dir) throws Exception {
    int port = ServerPorts.freeLoopbackPort();
    // A path the Go server answers 404: the health check fails the start at once.
    Path plan = Files.writeString(dir.resolve("plan.yaml"),
        TestPlans.localGo("printed-once", "2s").replace("/json", "/jsn").formatted(port, port));

    try (GauntletProcess run = GauntletProcess.start("run", dir, "run", plan.toString(), "--out",
        dir.resolve("out").toString())) {
      assertThat(run.awaitExit(Duration.ofMinutes(3))).as(run.output()).isEqualTo(1);
      String output = run.output();
      assertThat(output).contains("FAILED: ").contains("answered 404 on http://127.0.0.1:" + port + "/jsn");
      // The progress above the ledger: the ledger at the end is the report, which names it again.
      String progress = output.substring(0, output.indexOf("# Gauntlet ledger"));
      assertThat(progress.split("answered 404", -1)).as(output).hasSize(2);
      assertThat(progress).doesNotContain("did not start");
    }
  }
}
