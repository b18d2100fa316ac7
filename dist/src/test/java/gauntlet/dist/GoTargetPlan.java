package gauntlet.dist;

/**
 * The plan the release's end-to-end tests run: one Go target on a remote agent, loaded for 2 s
 * from the release's own in-process agent ({@code here}), so the remote agent only serves.
 */
final class GoTargetPlan {
  private GoTargetPlan() {}

  /**
   * @param agent how the plan names the remote agent
   * @param endpoint where it is, e.g. {@code 127.0.0.1:7070} or {@code ssh://root@10.0.0.2}
   * @param launcher how it starts the target: docker or process
   * @param sections further top-level sections (e.g. {@code ssh:}), each line ending in a newline
   */
  static String yaml(String name, String agent, String endpoint, String launcher, String sections) {
    return """
        name: %s
        agents:
          %s: %s
          here: local
        %starget:
          agent: %s
          runtime: go
          launcher: %s
          cpus: 1
          port: 3000
        load:
          agents: [here]
          url: http://{target}:3000/json
          threads: 1
          connections: 10
          duration: 2s
          warmup: 1s
          probe: 0s
        """.formatted(name, agent, endpoint, sections, agent, launcher);
  }
}
