package gauntlet.agent.target;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Agent instances whose process has really run and ended: what a crashed agent leaves its targets to. */
public final class EndedAgents {
  private EndedAgents() {}

  /** Runs a process, notes who it is, kills it with -9 and waits until it is gone. */
  public static AgentInstance one() throws IOException, InterruptedException {
    Process process = new ProcessBuilder("sleep", "600").start();
    try {
      ProcessIdentity identity = ProcessIdentity.of(process.pid())
          .orElseThrow(() -> new IllegalStateException("cannot read /proc of the process just started"));
      return new AgentInstance(UUID.randomUUID().toString(), identity);
    } finally {
      process.destroyForcibly();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("sleep " + process.pid() + " outlived kill -9 for 30 s");
      }
    }
  }
}
