package gauntlet.cli;

import gauntlet.core.AgentVersion;
import gauntlet.controller.plan.AgentEndpoint;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.run.AgentConnection;
import gauntlet.controller.run.AgentDialer;
import gauntlet.controller.run.ClockEstimate;
import gauntlet.controller.run.RunException;
import gauntlet.v1.AgentInfo;
import gauntlet.v1.RuntimeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code gauntlet agents} learned about one agent of a plan: whether it answered, who it is,
 * its clock, and why it cannot serve the plan (empty when it can).
 *
 * @param names the plan's names for this agent (several names may share one address)
 * @param address as the controller dials it
 * @param info empty when it did not answer
 * @param clock empty when it did not answer
 * @param problems one sentence each; empty when the agent is usable for this plan
 */
record AgentCheck(List<String> names, String address, Optional<AgentInfo> info, Optional<ClockEstimate> clock,
    List<String> problems) {
  static final int CLOCK_PROBES = 20;

  AgentCheck {
    names = List.copyOf(names);
    problems = List.copyOf(problems);
  }

  boolean usable() {
    return problems.isEmpty();
  }

  /** Describes the agent and measures its clock; never throws for an agent that cannot be reached. */
  static AgentCheck of(Plan plan, List<String> names, AgentEndpoint endpoint, AgentDialer dialer) {
    AgentConnection dialed;
    try {
      dialed = dialer.dial(endpoint);
    } catch (gauntlet.controller.run.PreflightException e) {
      // A machine that cannot be provisioned (SSH refused, no release) is a row of the table too.
      return new AgentCheck(names, endpoint.toString(), Optional.empty(), Optional.empty(), List.of(e.getMessage()));
    }
    try (AgentConnection connection = dialed) {
      AgentInfo info;
      ClockEstimate clock;
      try {
        info = connection.describe();
        clock = connection.measureClock(CLOCK_PROBES);
      } catch (RunException e) {
        return new AgentCheck(names, connection.address(), Optional.empty(), Optional.empty(),
            List.of(e.getMessage()));
      }
      return new AgentCheck(names, connection.address(), Optional.of(info), Optional.of(clock),
          problems(plan, names, info));
    }
  }

  private static List<String> problems(Plan plan, List<String> names, AgentInfo info) {
    List<String> problems = new ArrayList<>();
    String mine = AgentVersion.current();
    if (!AgentVersion.major(info.getVersion()).equals(AgentVersion.major(mine))) {
      problems.add("runs Gauntlet " + info.getVersion() + " but this controller is " + mine
          + "; run the same version on both");
    }
    if (!info.getBusyWithRun().isEmpty()) {
      problems.add("is busy with run '" + info.getBusyWithRun() + "'; wait for it to end or use another agent");
    }
    if (names.contains(plan.target().agent())) {
      problems.addAll(targetProblems(plan, info));
    }
    return problems;
  }

  /** The target agent must offer the plan's launcher and, for processes, its runtimes. */
  private static List<String> targetProblems(Plan plan, AgentInfo info) {
    List<String> problems = new ArrayList<>();
    String launcher = plan.target().launcher() == null || plan.target().launcher().isBlank() ? info.getDefaultLauncher() : plan.target().launcher();
    if (!info.getLaunchersList().contains(launcher)) {
      problems.add("cannot launch the target with '" + launcher + "': "
          + info.getUnavailableLaunchersOrDefault(launcher, "it offers " + String.join(", ", info.getLaunchersList())));
      return problems;
    }
    if (launcher.equals("process")) {
      for (String runtime : plan.target().runtimes()) {
        info.getRuntimesList().stream()
            .filter(r -> r.getName().equals(runtime) && !r.getAvailable())
            .findFirst()
            .map(RuntimeInfo::getDetail)
            .ifPresent(why -> problems.add("cannot run target.runtime '" + runtime + "' as a process: " + why));
      }
    }
    return problems;
  }
}
