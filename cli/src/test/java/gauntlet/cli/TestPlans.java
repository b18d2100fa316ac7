package gauntlet.cli;

/** The plans several integration tests run, written once. */
public final class TestPlans {
  private TestPlans() {}

  /**
   * One cell on the in-process agent: a Go process target with one CPU, loaded by the same agent
   * with 8 connections for {@code duration}. The text keeps {@code %d} for the target's port (the
   * server's and the URL's), so a test may change a line before it formats the port in.
   */
  public static String localGo(String name, String duration) {
    return """
        name: %s
        agents:
          local: local
        target:
          agent: local
          runtime: go
          launcher: process
          cpus: 1
          port: %%d
        load:
          agents: [local]
          url: http://{target}:%%d/json
          threads: 1
          connections: 8
          duration: %s
          probe: 0s
        """.formatted(name, duration);
  }

  /**
   * Two cells, Node.js then Go as processes with one CPU and 256 MiB each, served and loaded (16
   * connections, 4 s after a 500 ms warm-up) by the agent at 127.0.0.1:{@code agentPort}.
   */
  public static String nodeAndGo(String name, int agentPort, int serverPort) {
    return """
        name: %s
        agents:
          target: 127.0.0.1:%d
        target:
          agent: target
          runtime: [node, go]
          launcher: process
          cpus: 1
          memory: 256m
          port: %d
        load:
          agents: [target]
          url: http://{target}:%d/json
          threads: 1
          connections: 16
          duration: 4s
          warmup: 500ms
          probe: 0s
        """.formatted(name, agentPort, serverPort, serverPort);
  }
}
