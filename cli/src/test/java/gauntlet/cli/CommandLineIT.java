package gauntlet.cli;

import gauntlet.controller.report.ResultsSchema;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line as a user runs it, in this JVM: exit codes, what reaches stdout and stderr. */
class CommandLineIT {
  private final CommandLineUser user = new CommandLineUser();

  private int gauntlet(String... args) {
    return user.run(args);
  }

  private static final String LOCAL_PLAN = TestPlans.localGo("local-go", "2s");

  @Test
  void demoBenchmarksTheThreeServersAndPrintsTheLedger(@TempDir Path dir) throws Exception {
    int code = gauntlet("demo", "--duration", "2s", "--warmup", "500ms", "--launcher", "process", "--out",
        dir.resolve("demo").toString());

    assertThat(code).as(user.err()).isZero();
    String ledger = user.out();
    assertThat(row(ledger, "Metric")).containsExactly("Node.js (1 Core)", "Bun (1 Core)", "Go (1 Core)");
    assertThat(row(ledger, "Throughput (RPS)")).hasSize(3).allSatisfy(c -> assertThat(c).matches("[1-9][0-9,]* RPS.*"));
    assertThat(row(ledger, "Failed Requests")).containsExactly("0", "0", "0");
    assertThat(user.err()).contains("targets run as processes");
    JsonNode results = ResultsSchema.assertValid(new ObjectMapper().readTree(dir.resolve("demo/results.json").toFile()));
    assertThat(results.get("cells")).hasSize(3);
    assertThat(dir.resolve("demo/report.html")).exists();
    assertThat(dir.resolve("demo/go-1cpu.hlog")).exists();
  }

  @Test
  void runOfAPlanWithALocalAgentWritesItsResults(@TempDir Path dir) throws Exception {
    int port = freePort();
    Path plan = Files.writeString(dir.resolve("plan.yaml"), LOCAL_PLAN.formatted(port, port));

    int code = gauntlet("run", plan.toString(), "--out", dir.resolve("out").toString());

    assertThat(code).as(user.err()).isZero();
    JsonNode cell = ResultsSchema.assertValid(new ObjectMapper().readTree(dir.resolve("out/results.json").toFile())).get("cells").get(0);
    assertThat(cell.get("runtime").asText()).isEqualTo("go");
    assertThat(cell.get("status").asText()).isEqualTo("ok");
    assertThat(cell.get("requests").asLong()).isPositive();
    assertThat(cell.get("errors").get("timeout").asLong()).isZero();
    assertThat(cell.get("latency_ms").get("p99").asDouble()).isPositive();
    assertThat(row(user.out(), "Throughput (RPS)")).singleElement().asString().matches("[1-9][0-9,]* RPS.*");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "runtime: go;runtime: rust;target.runtime: unknown runtime 'rust'",
      "url: http://{target}:%d/json;# no url;load.url: is required",
      "duration: 2s;duration: -2s;load.duration: must be positive, got '-2s'",
  })
  void planWithAMistakeExitsWithOneLineNamingItAndStartsNothing(String from, String to, String message,
      @TempDir Path dir) throws Exception {
    int port = freePort();
    assertThat(LOCAL_PLAN).contains(from);
    String text = LOCAL_PLAN.replace(from, to).replace("%d", Integer.toString(port));
    Path plan = Files.writeString(dir.resolve("plan.yaml"), text);

    int code = gauntlet("run", plan.toString(), "--out", dir.resolve("out").toString());

    assertThat(code).isEqualTo(2);
    assertThat(user.err().lines()).singleElement().asString()
        .startsWith("gauntlet: " + plan + ":")
        .contains(message);
    assertThat(user.out()).isEmpty();
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void missingPlanFileIsOneLine(@TempDir Path dir) {
    int code = gauntlet("run", dir.resolve("nope.yaml").toString());
    assertThat(code).isEqualTo(2);
    assertThat(user.err().lines()).singleElement().asString().contains("cannot read the plan").contains("nope.yaml");
  }

  /** The cells of the ledger row whose first cell is {@code label}, trimmed. */
  private static List<String> row(String ledger, String label) {
    String line = ledger.lines().filter(l -> l.startsWith("| " + label + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no row '" + label + "' in\n" + ledger));
    String[] cells = line.substring(1, line.length() - 1).split("\\|");
    return java.util.Arrays.stream(cells).skip(1).map(String::trim).toList();
  }

  static int freePort() throws Exception {
    return gauntlet.agent.target.ServerPorts.freeLoopbackPort();
  }
}
