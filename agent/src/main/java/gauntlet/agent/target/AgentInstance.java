package gauntlet.agent.target;

import java.util.UUID;

/**
 * One run of one agent process: what it starts belongs to this instance, not to the agent's name
 * (every in-process agent is called {@code local}, and a remote one defaults to the host name).
 * Another agent removes what an instance left only once its process is provably gone.
 *
 * @param id unique for every agent start
 * @param process the agent's process, to prove it ended
 */
public record AgentInstance(String id, ProcessIdentity process) {

  /** A new instance for this JVM. */
  public static AgentInstance create() {
    return new AgentInstance(UUID.randomUUID().toString(), ProcessIdentity.current());
  }

  /** The id's first eight characters, for logs. */
  public String shortId() {
    return id.substring(0, Math.min(8, id.length()));
  }
}
