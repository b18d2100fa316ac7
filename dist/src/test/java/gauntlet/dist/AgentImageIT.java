package gauntlet.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent image ({@code ./gauntlet dist --image}: FROM scratch, the jlink runtime) run as the docs
 * say, with the Docker socket and host networking, drives a docker target: the run exits 0 and the
 * target's container is gone afterwards. This engine has no registry, so the agent builds the
 * offline Go image; the host's Go toolchain is mounted for that (GAUNTLET_GO), as docs/deploy.md
 * describes for air-gapped engines.
 */
class AgentImageIT {
  private static final Path GO_ROOT = Path.of("/usr/lib/go");
  private static String suffix;
  private static String tag;
  private static String container;
  private static Path scratch;
  private static int port;

  @BeforeAll
  static void buildAndStart() throws Exception {
    assumeTrue(Commands.available("docker") && Commands.run(List.of("docker", "info")).exit() == 0,
        "no Docker engine answers: scripts/setup.sh --tests installs and starts one");
    assumeTrue(Files.isExecutable(GO_ROOT.resolve("bin/go")), "no Go toolchain in /usr/lib/go: scripts/setup.sh --tests");
    suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    tag = "gauntlet/agent:it-" + suffix;
    container = "gd-agent-image-" + suffix;
    scratch = Files.createTempDirectory("gd-image-it");
    Commands.run(List.of(Releases.repo().resolve("dist/src/main/sh/make-image.sh").toString(),
        Releases.dir().toString(), tag), java.util.Map.of(), null, 600).orFail("make-image.sh");
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path goRoot = GO_ROOT.toRealPath();
    Commands.run(List.of("docker", "run", "-d", "--name", container, "--label", "gauntlet.test=" + container,
        "--network", "host", "-v", "/var/run/docker.sock:/var/run/docker.sock",
        "-v", goRoot + ":" + goRoot + ":ro", "-e", "GAUNTLET_GO=" + goRoot.resolve("bin/go"),
        tag, "agent", "--listen", "127.0.0.1:" + port, "--name", container, "--offline-images")).orFail("docker run");
  }

  @AfterAll
  static void remove() {
    if (container != null) {
      Commands.run(List.of("docker", "rm", "-f", container));
      Commands.run(List.of("docker", "rmi", tag));
    }
    Commands.deleteTree(scratch);
  }

  @Test
  void theImagesAgentRunsADockerTargetAndRemovesIt() throws Exception {
    assertThat(Commands.run(List.of("docker", "image", "inspect", "-f", "{{.Config.Entrypoint}}", tag)).out())
        .contains("/opt/gauntlet/runtime/bin/java");
    Path plan = Files.writeString(scratch.resolve("image.yaml"),
        GoTargetPlan.yaml("agent-image", "box", "127.0.0.1:" + port, "docker", ""));
    Path noJava = Releases.pathWithoutJava(scratch);
    // The agent takes a few seconds to start: `gauntlet agents` until it answers, bounded.
    List<String> check = List.of(Releases.dir().resolve("bin/gauntlet").toString(), "agents", plan.toString());
    Commands.Result agents;
    long deadline = System.nanoTime() + 90_000_000_000L;
    do {
      agents = Commands.run(check, Releases.envWithoutJava(noJava), scratch, 120);
    } while (agents.exit() != 0 && System.nanoTime() < deadline);
    assertThat(agents.exit()).as(agents.out() + agents.err() + logs()).isZero();

    Commands.Result run = Commands.run(List.of(Releases.dir().resolve("bin/gauntlet").toString(), "run",
        plan.toString(), "--out", scratch.resolve("out").toString()), Releases.envWithoutJava(noJava), scratch, 600);
    assertThat(run.exit()).as(run.err() + run.out() + logs()).isZero();
    assertThat(run.out()).contains("1 of 1 cells done").contains("docker launcher");
    Releases.results(scratch.resolve("out"));
    assertThat(logs()).contains("Started the go container").contains("Removed container");
    List<String> left = new ArrayList<>(Commands.run(List.of("docker", "ps", "-aq", "--filter",
        "label=gauntlet.agent=" + container)).out().lines().toList());
    assertThat(left).as("target containers left by the image's agent").isEmpty();
  }

  private static String logs() {
    Commands.Result logs = Commands.run(List.of("docker", "logs", container));
    return logs.out() + logs.err();
  }
}
