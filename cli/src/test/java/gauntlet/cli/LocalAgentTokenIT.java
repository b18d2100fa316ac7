package gauntlet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.agent.target.ServerPorts;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.PlanParser;
import gauntlet.controller.report.ResultsSchema;
import gauntlet.cli.Dialer;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.ClockRequest;
import gauntlet.v1.DescribeRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process agent of {@code run} listens on 127.0.0.1, where every user of the machine can
 * connect: during a run it refuses any caller without the run's random token, while the run itself
 * (which holds the token) goes on. Before, it accepted every local caller without authentication.
 */
class LocalAgentTokenIT {
  private static final String PLAN = TestPlans.localGo("local-token", "4s");

  @TempDir
  Path dir;

  @Test
  void duringARunTheLocalAgentRefusesCallersWithoutTheRunsToken() throws Exception {
    int port = ServerPorts.freeLoopbackPort();
    Plan plan = PlanParser.parse(PLAN.formatted(port, port), "plan.yaml");
    StringWriter log = new StringWriter();
    PrintWriter console = new PrintWriter(log, true);
    Dialer dialer = Dialers.forPlan(plan, () -> LocalAgent.start(AgentSettings.loopback("local", LocalAgent.workDir())),
        console);
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
        () -> RunExecution.execute(plan, dialer, dir.resolve("out"), Duration.ofSeconds(10), MetricsOptions.none(),
            console, console));

    AgentServer agent = awaitRunInProgress(dialer, run);
    ManagedChannel outsider = Grpc.newChannelBuilderForAddress("127.0.0.1", agent.port(),
        InsecureChannelCredentials.create()).build();
    try {
      StatusRuntimeException describe = catchThrowableOfType(StatusRuntimeException.class,
          () -> AgentGrpc.newBlockingStub(outsider).withDeadlineAfter(10, TimeUnit.SECONDS)
              .describe(DescribeRequest.getDefaultInstance()));
      StatusRuntimeException clock = catchThrowableOfType(StatusRuntimeException.class,
          () -> AgentGrpc.newBlockingStub(outsider).withDeadlineAfter(10, TimeUnit.SECONDS)
              .clock(ClockRequest.getDefaultInstance()));
      assertThat(describe).as("Describe without the token during the run").isNotNull();
      assertThat(describe.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(clock).as("Clock without the token during the run").isNotNull();
      assertThat(clock.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    } finally {
      outsider.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    assertThat(run.get(180, TimeUnit.SECONDS)).as(log.toString()).isZero();
    ResultsSchema.assertValid(new ObjectMapper().readTree(dir.resolve("out/results.json").toFile()));
  }

  /** Polls until the in-process agent has a session open (the run is under way), for at most 3 minutes. */
  private static AgentServer awaitRunInProgress(Dialer dialer, CompletableFuture<Integer> run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline && !run.isDone()) {
      Optional<AgentServer> agent = dialer.localAgent();
      if (agent.isPresent() && agent.get().busyWith().isPresent()) {
        return agent.get();
      }
      try {
        run.get(50, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException stillRunning) {
        // the run goes on: look again
      }
    }
    throw new AssertionError("the run never opened a session on its local agent: exit " + run.getNow(null));
  }
}
