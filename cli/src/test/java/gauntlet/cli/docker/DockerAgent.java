package gauntlet.cli.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gauntlet.agent.AgentAssembly;
import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A real agent on loopback whose default launcher is docker, under a name no other test's agent
 * has. Closing it stops it, removes any container it left and fails the test class when there was
 * one: a run, a lost controller or a lost session must leave nothing behind.
 */
final class DockerAgent implements AutoCloseable {
  private final String name;
  private final AgentServer server;

  private DockerAgent(String name, AgentServer server) {
    this.name = name;
    this.server = server;
  }

  /**
   * Starts the agent; skips the test class when no Docker engine answers.
   *
   * @param prefix the name's start, e.g. {@code it-docker}
   */
  static DockerAgent start(String prefix, Path work, Duration lease) {
    assumeTrue(Docker.answers(), "no Docker engine answers: start dockerd (scripts/setup.sh --tests does)");
    String name = prefix + "-" + Long.toHexString(System.nanoTime());
    return new DockerAgent(name, AgentAssembly.start(new AgentSettings(name, "127.0.0.1", 0, lease,
        AgentLimitsConfig.DEFAULT, Set.of(), Optional.empty(), Optional.of("docker"), work.resolve("agent"))));
  }

  String name() {
    return name;
  }

  AgentServer server() {
    return server;
  }

  int port() {
    return server.port();
  }

  /** The containers this agent started that exist now, running or not. */
  List<String> containers() throws IOException {
    return Docker.containers("gauntlet.agent=" + name);
  }

  @Override
  public void close() throws IOException {
    server.close();
    List<String> left = containers();
    Docker.removeForce(left);
    assertThat(left).as("containers left by agent " + name).isEmpty();
  }
}
