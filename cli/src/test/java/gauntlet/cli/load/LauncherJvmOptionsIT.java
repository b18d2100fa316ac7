package gauntlet.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.agent.load.TestHttpServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options the launchers choose by command (scripts/jvm-options.sh, sourced by ./gauntlet and
 * a release's bin/gauntlet): a short {@code load} starts with C1 only, and what such a JVM says and
 * records; so does a {@code run} whose plan has no in-process agent; every command runs the parallel
 * collector.
 */
class LauncherJvmOptionsIT {
  private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";
  private static final String C1_ONLY_EARLY = C1_ONLY + " -XX:CompileThresholdScaling=0.25";

  @Test
  void loadsUnderTenSecondsGetC1OnlyAndLongerOnesBothCompilers() throws Exception {
    assertThat(choice(Map.of(), "load", "-d2s", "http://x/")).isEqualTo(C1_ONLY);
    assertThat(choice(Map.of(), "load", "-t1", "-d", "2", "http://x/")).isEqualTo(C1_ONLY);
    assertThat(choice(Map.of(), "load", "--duration=500ms", "http://x/")).isEqualTo(C1_ONLY);
    assertThat(choice(Map.of(), "load", "--duration", "9.5s", "http://x/")).isEqualTo(C1_ONLY);
    assertThat(choice(Map.of(), "load", "-d10s", "http://x/")).isEmpty();
    assertThat(choice(Map.of(), "load", "http://x/")).as("wrk's default, 10 s").isEmpty();
    assertThat(choice(Map.of(), "load", "-d1m", "http://x/")).isEmpty();
    assertThat(choice(Map.of(), "load", "-d1m30s", "http://x/")).as("unread: both, load reports it").isEmpty();
    assertThat(choice(Map.of(), "agent", "-d2s")).as("only load and run").isEmpty();
  }

  @Test
  void aRunWithoutALocalAgentGetsC1OnlyCompilingEarlyAndOneWithItBothCompilers(@TempDir Path dir) throws Exception {
    Path remote = Files.writeString(dir.resolve("remote.yaml"), "agents: {target: 10.0.0.2:7070, load: 10.0.0.3:7070}\n");
    Path local = Files.writeString(dir.resolve("local.yaml"), "agents: {target: 10.0.0.2:7070, load: local}\n");
    Path quoted = Files.writeString(dir.resolve("quoted.yaml"), "agents:\n  target: \"local\"\n");
    assertThat(choice(Map.of(), "run", remote.toString())).isEqualTo(C1_ONLY_EARLY);
    assertThat(choice(Map.of(), "run", "--out", dir.resolve("out").toString(), "--lease", "30s", remote.toString()))
        .isEqualTo(C1_ONLY_EARLY);
    assertThat(choice(Map.of(), "run", local.toString())).isEmpty();
    assertThat(choice(Map.of(), "run", quoted.toString())).isEmpty();
    assertThat(choice(Map.of(), "run", "--junit", local.toString(), remote.toString()))
        .as("any file that names local keeps both").isEmpty();
    assertThat(choice(Map.of(), "run", dir.resolve("missing.yaml").toString())).as("no plan read").isEmpty();
    assertThat(choice(Map.of(), "run")).isEmpty();
    assertThat(choice(Map.of("GAUNTLET_JIT", "c2"), "run", remote.toString())).isEmpty();
    assertThat(choice(Map.of("GAUNTLET_JIT", "c1"), "run", local.toString())).isEqualTo(C1_ONLY_EARLY);
    assertThat(choice(Map.of(), "demo")).as("the demo loads in process").isEmpty();
  }

  @Test
  void gauntletJitChoosesForEveryLoadAndRunAndAnUnknownValueIsRefused() throws Exception {
    assertThat(choice(Map.of("GAUNTLET_JIT", "c2"), "load", "-d2s", "http://x/")).isEmpty();
    assertThat(choice(Map.of("GAUNTLET_JIT", "c1"), "load", "-d1m", "http://x/")).isEqualTo(C1_ONLY);

    Process p = script(Map.of("GAUNTLET_JIT", "fast"), "gauntlet_jit", "load", "-d2s", "http://x/");
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err).contains("GAUNTLET_JIT='fast' must be auto, c1 or c2");
  }

  @Test
  void everyCommandRunsTheParallelCollectorUnlessGauntletJavaOptsNamesOne() throws Exception {
    assertThat(output(Map.of(), "gauntlet_gc")).isEqualTo("-XX:+UseParallelGC");
    assertThat(output(Map.of("GAUNTLET_JAVA_OPTS", "-Xmx1g"), "gauntlet_gc")).isEqualTo("-XX:+UseParallelGC");
    assertThat(output(Map.of("GAUNTLET_JAVA_OPTS", "-Xmx1g -XX:+UseG1GC"), "gauntlet_gc"))
        .as("the JVM refuses two collectors").isEmpty();
    assertThat(output(Map.of("GAUNTLET_JAVA_OPTS", "-XX:+UseSerialGC"), "gauntlet_gc")).isEmpty();
  }

  @Test
  void aC1OnlyLoadSaysSoAndRecordsItWhereBothCompilersRecordC2() throws Exception {
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.immediate())) {
      Run c1 = load(server, C1_ONLY);
      assertThat(c1.json().get("jit").asText()).isEqualTo("c1");
      assertThat(c1.err()).contains("JIT: C1 only").contains("warming up the JIT");
      assertThat(c1.json().get("requests").asLong()).isPositive();

      Run c2 = load(server, "-XX:+TieredCompilation");
      assertThat(c2.json().get("jit").asText()).isEqualTo("c2");
      assertThat(c2.err()).doesNotContain("C1 only");
    }
  }

  private record Run(JsonNode json, String err) {}

  private static Run load(TestHttpServer server, String jvmOption) throws Exception {
    File err = File.createTempFile("gauntlet-load", ".err");
    try {
      Process p = new ProcessBuilder(GauntletJar.java(), "-Xmx256m", jvmOption, "-jar", GauntletJar.jar().toString(), "load", "-t1", "-c2",
          "-d1s", "--json", server.url().toString())
          .redirectError(err)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String errText = java.nio.file.Files.readString(err.toPath());
      assertThat(p.exitValue()).as(errText).isZero();
      return new Run(new ObjectMapper().readTree(out), errText);
    } finally {
      assertThat(err.delete()).isTrue();
    }
  }

  private static String choice(Map<String, String> env, String... args) throws Exception {
    return output(env, "gauntlet_jit", args);
  }

  private static String output(Map<String, String> env, String function, String... args) throws Exception {
    Process p = script(env, function, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return out;
  }

  /** One of the launchers' functions, under POSIX sh as the release's launcher runs it. */
  private static Process script(Map<String, String> env, String function, String... args) throws Exception {
    Path script = Path.of("..", "scripts", "jvm-options.sh").toAbsolutePath().normalize();
    assertThat(script).exists();
    List<String> command = new ArrayList<>(List.of("sh", "-c", ". \"$0\"; " + function + " \"$@\"", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("GAUNTLET_JIT");
    builder.environment().remove("GAUNTLET_JAVA_OPTS");
    builder.environment().putAll(env);
    return builder.start();
  }
}
