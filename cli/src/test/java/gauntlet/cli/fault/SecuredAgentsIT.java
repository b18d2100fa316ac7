package gauntlet.cli.fault;

import static gauntlet.cli.fault.FaultFixtures.agentProcess;
import static gauntlet.cli.fault.FaultFixtures.freePort;
import static gauntlet.cli.fault.FaultFixtures.listening;
import static gauntlet.cli.fault.FaultFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gauntlet.agent.AgentAssembly;
import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.agent.security.AgentSecurity;
import gauntlet.core.security.BearerToken;
import gauntlet.cli.Gauntlet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Agents with a token or mutual TLS, run as `gauntlet agent` in JVMs of their own, and the
 * controller's command line against them: the right credentials run, anything else is one line,
 * exit code 2, and nothing started.
 */
class SecuredAgentsIT {
  private static final String TOKEN = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

  @TempDir
  Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int gauntlet(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = Gauntlet.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path plan(String name, int agentPort, int targetPort, String security) throws Exception {
    return Files.writeString(dir.resolve(name + ".yaml"), """
        name: %s
        agents:
          target: 127.0.0.1:%d
        %s
        target:
          agent: target
          runtime: node
          launcher: process
          cpus: 1
          port: %d
        load:
          agents: [target]
          url: http://{target}:%d/json
          duration: 1s
          warmup: 0s
          probe: 0s
        """.formatted(name, agentPort, security, targetPort, targetPort));
  }

  private Path secret(String name, String token) throws Exception {
    Path file = Files.writeString(dir.resolve(name), token + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /** The command failed with one line, exit 2, and the agent started nothing. */
  private void refused(int code, String expected, int targetPort, GauntletProcess agent) {
    assertThat(code).as(err.toString()).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString().startsWith("gauntlet: ").contains(expected);
    assertThat(listening(targetPort)).isFalse();
    assertThat(agent.output()).doesNotContain("Session opened");
  }

  @Test
  void tokenAgentServesOnlyControllersWithItsToken() throws Exception {
    Path token = secret("token", TOKEN);
    int agentPort = freePort();
    int targetPort = freePort();
    String name = uniqueName("token-agent");
    try (GauntletProcess agent = agentProcess(name, agentPort, dir.resolve("agent"), "--token-file", token.toString())) {
      assertThat(agent.output()).contains("listening on 127.0.0.1:" + agentPort + " with token");

      int none = gauntlet("run", plan("none", agentPort, targetPort, "").toString());
      refused(none, "Agent 'target' at 127.0.0.1:" + agentPort + " refused the controller: no token; this agent"
          + " requires one (set auth.token_file in the plan to the agent's token file)", targetPort, agent);
      agent.awaitLine("Refused Session from /127\\.0\\.0\\.1:\\d+: no token", Duration.ofSeconds(10));

      Path wrong = secret("wrong", TOKEN.replace('0', '9'));
      int bad = gauntlet("run", plan("wrong", agentPort, targetPort, "auth: {token_file: " + wrong + "}").toString());
      refused(bad, "refused the controller: wrong token; auth.token_file must hold the same token as the agent's"
          + " --token-file", targetPort, agent);
      agent.awaitLine("Refused Session from /127\\.0\\.0\\.1:\\d+: wrong token", Duration.ofSeconds(10));

      Path out = dir.resolve("out");
      int right = gauntlet("run", plan("right", agentPort, targetPort, "auth: {token_file: " + token + "}").toString(),
          "--out", out.toString());
      assertThat(right).as(err.toString()).isZero();
      assertThat(FaultFixtures.results(out).get("cells").get(0).get("status").asText()).isEqualTo("ok");
    }
  }

  @Test
  void dockerAgentStartsNoContainerForControllersWithoutItsToken() throws Exception {
    assumeTrue(FaultFixtures.dockerAnswers(), "no Docker engine answers: start dockerd (scripts/setup.sh --tests does)");
    String name = uniqueName("token-docker");
    AgentSecurity security = new AgentSecurity(Optional.of(BearerToken.read(secret("token", TOKEN), "--token-file")),
        Optional.empty());
    int targetPort = freePort();
    try (AgentServer agent = AgentAssembly.start(new AgentSettings(name, "127.0.0.1", 0, AgentSettings.DEFAULT_LEASE,
        AgentLimitsConfig.DEFAULT, Set.of(), Optional.empty(), Optional.of("docker"), dir.resolve("agent"))
        .withSecurity(security))) {
      String docker = "launcher: docker";
      Path none = Files.writeString(dir.resolve("none.yaml"),
          Files.readString(plan("none", agent.port(), targetPort, "")).replace("launcher: process", docker));
      Path wrong = Files.writeString(dir.resolve("wrong.yaml"), Files.readString(plan("wrong", agent.port(),
          targetPort, "auth: {token_file: " + secret("wrong", TOKEN.replace('0', '9')) + "}"))
          .replace("launcher: process", docker));

      int noToken = gauntlet("run", none.toString(), "--out", dir.resolve("out-none").toString());
      assertThat(noToken).as(err.toString()).isEqualTo(2);
      assertThat(err.toString().lines()).singleElement().asString().contains("refused the controller: no token");
      int wrongToken = gauntlet("run", wrong.toString(), "--out", dir.resolve("out-wrong").toString());
      assertThat(wrongToken).as(err.toString()).isEqualTo(2);
      assertThat(err.toString().lines()).singleElement().asString().contains("refused the controller: wrong token");

      assertThat(agent.busyWith()).as("no session was opened").isEmpty();
      assertThat(FaultFixtures.containersOf(name)).as("containers of agent " + name).isEmpty();
      assertThat(listening(targetPort)).isFalse();
      assertThat(dir.resolve("out-none")).doesNotExist();
    }
    FaultFixtures.assertNothingLeft(name, dir.resolve("agent"), targetPort);
  }

  @Test
  void agentBeyondLoopbackWithoutAuthenticationRefusesToStartWithOneLine() throws Exception {
    int port = freePort();
    try (GauntletProcess agent = GauntletProcess.start("open agent", dir, "agent", "--listen", "0.0.0.0:" + port,
        "--name", uniqueName("open"), "--work-dir", dir.resolve("open").toString())) {
      assertThat(agent.awaitExit(Duration.ofSeconds(60))).as(agent.output()).isEqualTo(2);
      assertThat(agent.output().lines()).singleElement().asString().isEqualTo("gauntlet: Refusing to listen on 0.0.0.0:"
          + port + " without authentication: add --token-file FILE (make one with: openssl rand -hex 32 > FILE) or"
          + " --tls-client-ca CA.pem for mutual TLS, or listen on 127.0.0.1");
    }
    assertThat(listening(port)).isFalse();
    assertThat(dir.resolve("open")).as("it did not even prepare its work folder").doesNotExist();
  }

  @Test
  void mutualTlsAgentServesOnlyControllersWithCertificatesFromItsCa() throws Exception {
    Path certs = dir.resolve("certs");
    assertThat(gauntlet("certs", "init", certs.toString(), "--agent-host", "127.0.0.1")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Wrote 6 files to " + certs.toAbsolutePath());
    assertThat(gauntlet("certs", "init", certs.toString())).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString().contains("ca.pem exists already");
    Path otherCerts = dir.resolve("other-certs");
    assertThat(gauntlet("certs", "init", otherCerts.toString())).isZero();

    int agentPort = freePort();
    int targetPort = freePort();
    try (GauntletProcess agent = agentProcess(uniqueName("tls-agent"), agentPort, dir.resolve("agent"),
        "--tls-cert", certs.resolve("agent.pem").toString(), "--tls-key", certs.resolve("agent-key.pem").toString(),
        "--tls-client-ca", certs.resolve("ca.pem").toString())) {
      assertThat(agent.output()).contains("with mutual TLS");
      String address = "'target' at 127.0.0.1:" + agentPort;
      String tlsFailed = "TLS handshake with agent 'target' at 127.0.0.1:" + agentPort + " failed while opening a session: ";

      refused(gauntlet("run", plan("plaintext", agentPort, targetPort, "").toString()), address, targetPort, agent);

      refused(gauntlet("run", plan("other-ca", agentPort, targetPort, "tls: {ca: %s, cert: %s, key: %s}".formatted(
          otherCerts.resolve("ca.pem"), otherCerts.resolve("controller.pem"), otherCerts.resolve("controller-key.pem")))
          .toString()), tlsFailed + "its certificate is not signed by the CA in tls.ca", targetPort, agent);

      refused(gauntlet("run", plan("no-client-cert", agentPort, targetPort, "tls: {ca: %s}".formatted(
          certs.resolve("ca.pem"))).toString()), address, targetPort, agent);

      refused(gauntlet("run", plan("foreign-client-cert", agentPort, targetPort, "tls: {ca: %s, cert: %s, key: %s}"
          .formatted(certs.resolve("ca.pem"), otherCerts.resolve("controller.pem"),
              otherCerts.resolve("controller-key.pem"))).toString()), address, targetPort, agent);

      Path out = dir.resolve("out");
      int right = gauntlet("run", plan("mutual", agentPort, targetPort, "tls: {ca: %s, cert: %s, key: %s}".formatted(
          certs.resolve("ca.pem"), certs.resolve("controller.pem"), certs.resolve("controller-key.pem"))).toString(),
          "--out", out.toString());
      assertThat(right).as(err.toString()).isZero();
      assertThat(FaultFixtures.results(out).get("cells").get(0).get("status").asText()).isEqualTo("ok");
    }
  }

  @Test
  void unusableTlsFilesInThePlanAreOneLineBeforeAnythingIsContacted() throws Exception {
    Path certs = dir.resolve("certs");
    assertThat(gauntlet("certs", "init", certs.toString())).isZero();
    int closed = freePort();
    int code = gauntlet("run", plan("mismatch", closed, freePort(), "tls: {ca: %s, cert: %s, key: %s}".formatted(
        certs.resolve("ca.pem"), certs.resolve("controller.pem"), certs.resolve("agent-key.pem"))).toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString().isEqualTo("gauntlet: tls.key "
        + certs.resolve("agent-key.pem") + " is not the key of the certificate in tls.cert "
        + certs.resolve("controller.pem") + " (CN=gauntlet controller,O=Gauntlet); use the key made with that certificate");
  }
}
