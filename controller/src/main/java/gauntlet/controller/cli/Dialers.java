package gauntlet.controller.cli;

import gauntlet.agent.AgentServer;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.run.Dialer;
import java.util.function.Supplier;

/** The dialer a plan asks for: plaintext, or with its token and TLS settings. */
final class Dialers {
  private Dialers() {}

  static Dialer forPlan(Plan plan, Supplier<AgentServer> localAgent) {
    return Dialer.plaintext(localAgent);
  }
}
