package gauntlet.cli.fault;

import static gauntlet.cli.fault.FaultFixtures.agentInThisJvm;
import static gauntlet.cli.fault.FaultFixtures.freePort;
import static gauntlet.cli.fault.FaultFixtures.listening;
import static gauntlet.cli.fault.FaultFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.agent.AgentServer;
import gauntlet.cli.Gauntlet;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.AgentInfo;
import gauntlet.v1.DescribeRequest;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import gauntlet.cli.CommandLineUser;

/**
 * Every kind of bad input, through the command line against a real agent on loopback: one line
 * naming the field or value, exit code 2, nothing started on the agent and no results folder.
 */
class BadInputIT {
  @TempDir
  static Path work;
  private static String agentName;
  private static AgentServer agent;
  private static int targetPort;

  private final CommandLineUser user = new CommandLineUser();

  /** A valid plan against the agent; each case changes one line of it. */
  private static final String PLAN = """
      name: bad-input
      agents:
        target: 127.0.0.1:AGENT_PORT
      target:
        agent: target
        runtime: node
        launcher: process
        cpus: 1
        memory: 256m
        port: TARGET_PORT
      load:
        agents: [target]
        url: http://{target}:TARGET_PORT/json
        duration: 1s
        warmup: 0s
        probe: 0s
      """;

  @BeforeAll
  static void startAgent() {
    agentName = uniqueName("bad-input");
    agent = agentInThisJvm(agentName, work.resolve("agent"));
    targetPort = freePort();
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  private int gauntlet(String... args) {
    return user.run(args);
  }

  private static String plan() {
    return ports(PLAN);
  }

  private void assertRefusedWithOneLine(Path plan, String expected) {
    Path results = work.resolve("out-" + System.nanoTime());
    int code = gauntlet("run", plan.toString(), "--out", results.toString());

    assertThat(code).as(user.err()).isEqualTo(2);
    assertThat(user.err().lines()).singleElement().asString().startsWith("gauntlet: ").contains(expected);
    assertThat(user.out()).isEmpty();
    assertThat(results).as("no results folder").doesNotExist();
    assertThat(agent.busyWith()).as("no session was opened").isEmpty();
    assertThat(listening(targetPort)).as("no target was started").isFalse();
  }

  @Test
  void theValidPlanRuns() throws Exception {
    Path plan = Files.writeString(work.resolve("valid.yaml"), plan());
    assertThat(gauntlet("run", plan.toString(), "--out", work.resolve("valid-out").toString())).as(user.err()).isZero();
    FaultFixtures.results(work.resolve("valid-out"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      malformed YAML    | cpus: 1                                 | cpus: 1\\n bad: [           | : malformed YAML:
      unknown key       | cpus: 1                                 | cpu: 1                        | target.cpu: unknown key 'cpu', did you mean 'cpus'?
      unknown runtime   | runtime: node                           | runtime: deno                 | target.runtime: unknown runtime 'deno'
      too many cpus     | cpus: 1                                 | cpus: 64                      | target.cpus 64 is more than the
      too little memory | memory: 256m                            | memory: 8m                    | target.memory: 8 MiB ('8m') is below the
      placeholder       | url: http://{target}:TARGET_PORT/json   | url: http://{host}:80/json    | load.url: unknown placeholder '{host}'
      duplicate agent   | target: 127.0.0.1:AGENT_PORT            | target: 127.0.0.1:AGENT_PORT\\n  target: 127.0.0.1:1 | agents.target: duplicate key 'target', already defined at line 3
      same machine      | agents: [target]                        | agents: [target]\\n  separate_from_target: true | but load.separate_from_target is true
      too many threads  | duration: 1s                            | duration: 1s\\n  threads: 65  | load.threads 65 is above agent 'target''s limit of 64 (its --max-threads)
      """)
  void badPlanIsOneLineAndStartsNothing(String kind, String line, String replacement, String expected) throws Exception {
    String valid = plan();
    String from = ports(line);
    assertThat(valid).as(kind).contains(from);
    String text = valid.replace(from, ports(replacement).replace("\\n", "\n"));
    Path plan = Files.writeString(work.resolve(kind.replace(' ', '-') + ".yaml"), text);
    assertRefusedWithOneLine(plan, expected);
    if (kind.startsWith("malformed")) {
      assertThat(user.err().strip()).matches("gauntlet: .*\\.yaml:\\d+:\\d+: malformed YAML: .*");
    }
  }

  private static String ports(String text) {
    return text.replace("AGENT_PORT", Integer.toString(agent.port())).replace("TARGET_PORT", Integer.toString(targetPort));
  }

  @Test
  void unreachableAgentIsNamedWithItsAddress() throws Exception {
    int closed = freePort();
    Path plan = Files.writeString(work.resolve("unreachable.yaml"),
        plan().replace("127.0.0.1:" + agent.port(), "127.0.0.1:" + closed));
    assertRefusedWithOneLine(plan, "Agent 'target' at 127.0.0.1:" + closed + " is unreachable while opening a session");
  }

  @Test
  void agentOfAnotherMajorVersionIsRefused() throws Exception {
    // Stands in for an agent of another Gauntlet release, which answers Describe and no session.
    Server other = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
        .addService(new AgentGrpc.AgentImplBase() {
          @Override
          public void describe(DescribeRequest request, StreamObserver<AgentInfo> reply) {
            reply.onNext(AgentInfo.newBuilder().setName("old").setVersion("99.0.0").setCores(2).build());
            reply.onCompleted();
          }
        }).build().start();
    try {
      Path plan = Files.writeString(work.resolve("version.yaml"),
          plan().replace("127.0.0.1:" + agent.port(), "127.0.0.1:" + other.getPort()));
      assertRefusedWithOneLine(plan, "Agent 'target' at 127.0.0.1:" + other.getPort() + " runs Gauntlet 99.0.0 but this"
          + " controller is ");
    } finally {
      other.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void localAgentsClampCpusAboveTheMachinesCoresWithAWarning() throws Exception {
    Path plan = Files.writeString(work.resolve("local.yaml"), plan()
        .replace("target: 127.0.0.1:" + agent.port(), "target: local")
        .replace("cpus: 1", "cpus: 64"));
    int cores = Runtime.getRuntime().availableProcessors();

    int code = gauntlet("run", plan.toString(), "--out", work.resolve("local-out").toString());

    assertThat(code).as(user.err()).isZero();
    assertThat(user.err()).contains("cell node-64cpu asks for 64 CPUs but this machine has " + cores
        + ": running it with " + cores);
    FaultFixtures.results(work.resolve("local-out"));
  }
}
