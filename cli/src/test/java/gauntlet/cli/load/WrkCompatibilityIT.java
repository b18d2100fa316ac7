package gauntlet.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import gauntlet.agent.load.TestHttpServer;
import gauntlet.cli.CommandLineUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code gauntlet load} as a drop-in for wrk: real wrk (installed by scripts/setup.sh --tests) and
 * Gauntlet against the same loopback server print the same summary, numbers masked; Ctrl-C, an
 * unknown host and -H behave as a wrk user expects.
 */
class WrkCompatibilityIT {

  @Test
  void theSummaryHasWrksShape() throws Exception {
    compareWithWrk();
  }

  @Test
  void theSummaryWithLatencyHasWrksShape() throws Exception {
    compareWithWrk("--latency");
  }

  private static void compareWithWrk(String... extra) throws Exception {
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.immediate())) {
      List<String> wrk = new java.util.ArrayList<>(List.of("wrk", "-t1", "-c4", "-d1"));
      wrk.addAll(List.of(extra));
      wrk.add(server.url().toString());
      String wrkOut = run(wrk);

      List<String> ours = new java.util.ArrayList<>(List.of("load", "--no-jit-warmup", "-t1", "-c4", "-d1"));
      ours.addAll(List.of(extra));
      ours.add(server.url().toString());
      CommandLineUser user = new CommandLineUser();
      assertThat(user.run(ours.toArray(String[]::new))).as(user.err()).isZero();

      assertThat(WrkShape.of(user.out())).as("gauntlet:%n%s%nwrk:%n%s", user.out(), wrkOut)
          .isEqualTo(WrkShape.of(wrkOut));
    }
  }

  @Test
  void ctrlCPrintsThePartialSummaryAsWrkDoes() throws Exception {
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.immediate())) {
      Process load = new ProcessBuilder(GauntletJar.java(), "-jar", GauntletJar.jar().toString(), "load", "--no-jit-warmup", "-t1", "-c2",
          "-d", "60", server.url().toString()).redirectErrorStream(true).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("Running")) {
          seen.append(line).append('\n');
        }
        assertThat(line).as(seen.toString()).startsWith("Running 1m test");
        // Interrupted once requests are flowing, as a user would be watching them.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.requests() < 1000 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        // The shell's own kill: Java sends no signals but TERM and KILL.
        assertThat(new ProcessBuilder("sh", "-c", "kill -INT " + load.pid()).start().waitFor()).isZero();
        assertThat(load.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String rest = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String summary = readRest(out) + rest;
        assertThat(load.exitValue()).as(summary).isZero();
        assertThat(summary).contains("Thread Stats").containsPattern("  [0-9]+ requests in [0-9.]+m?s, ")
            .contains("Requests/sec:").doesNotContain("Exception");
      } finally {
        load.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void anUnknownHostIsOneSentenceAndAFailure() {
    CommandLineUser user = new CommandLineUser();
    int code = user.run("load", "-d1", "http://no-such-host.invalid:8080/");
    assertThat(code).isEqualTo(1);
    assertThat(user.err().strip()).doesNotContain("\n").doesNotContain("Exception")
        .contains("'no-such-host.invalid'");
    assertThat(user.out()).doesNotContain("Running");
  }

  @Test
  void aClosedPortIsOneSentenceAndAFailure() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    CommandLineUser user = new CommandLineUser();
    int code = user.run("load", "-d1", "http://127.0.0.1:" + port + "/");
    assertThat(code).isEqualTo(1);
    assertThat(user.err().strip()).doesNotContain("\n").doesNotContain("Exception")
        .contains("unable to connect to 127.0.0.1:" + port);
  }

  @Test
  void headersGoOnTheWireAsGiven() throws IOException {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      seen.add(exchange.getRequestHeaders().getFirst("X-Gauntlet") + "|" + exchange.getRequestHeaders().getFirst("Accept"));
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("ok".getBytes(StandardCharsets.US_ASCII));
      exchange.close();
    });
    server.start();
    try {
      CommandLineUser user = new CommandLineUser();
      int code = user.run("load", "--no-jit-warmup", "-t1", "-c1", "-d1", "-H", "X-Gauntlet: one", "-H",
          "Accept: text/plain", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
      assertThat(code).as(user.err()).isZero();
    } finally {
      server.stop(0);
    }
    assertThat(seen).isNotEmpty().allMatch("one|text/plain"::equals);
  }

  private static String readRest(BufferedReader out) throws IOException {
    StringBuilder rest = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      rest.append(line).append('\n');
    }
    return rest.toString();
  }

  private static String run(List<String> command) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new AssertionError("wrk is needed for this test: scripts/setup.sh --tests installs it", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
