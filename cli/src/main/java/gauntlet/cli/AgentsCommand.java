package gauntlet.cli;

import gauntlet.agent.AgentSettings;
import gauntlet.controller.plan.AgentEndpoint;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.PlanParser;
import gauntlet.controller.run.Preflight;
import gauntlet.v1.AgentInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gauntlet agents PLAN.yaml}: checks every agent a plan names before anyone waits for a run
 * to fail — reachable, version, cores, memory, launchers, runtimes, clock, busy — and exits 0 only
 * when all of them can serve the plan.
 */
@Command(name = "agents", mixinStandardHelpOptions = true,
    description = "Checks every agent of a plan: reachable, version, cores, memory, launchers, runtimes, clock "
        + "offset and RTT, busy. Exit 0 when all can serve the plan, 2 otherwise.")
final class AgentsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PLAN.yaml", description = "The plan whose agents to check.")
  Path planFile;

  @Override
  public Integer call() {
    Plan plan = PlanParser.parse(planFile);
    List<AgentCheck> checks = new ArrayList<>();
    try (Dialer dialer = Dialers.forPlan(plan,
        () -> LocalAgent.startForCheck(AgentSettings.loopback("local", LocalAgent.workDir())),
        spec.commandLine().getErr())) {
      // Names that share an address are one agent, checked once (as a run would use it).
      Map<String, List<String>> byAddress = new LinkedHashMap<>();
      Map<String, AgentEndpoint> endpoints = new LinkedHashMap<>();
      plan.agents().forEach((name, endpoint) -> {
        byAddress.computeIfAbsent(endpoint.toString(), a -> new ArrayList<>()).add(name);
        endpoints.putIfAbsent(endpoint.toString(), endpoint);
      });
      byAddress.forEach((address, names) -> checks.add(AgentCheck.of(plan, names, endpoints.get(address), dialer)));
    }
    spec.commandLine().getOut().print(AgentsTable.render(checks));
    spec.commandLine().getOut().flush();
    long unusable = checks.stream().filter(c -> !c.usable()).count();
    if (unusable > 0) {
      spec.commandLine().getErr().println("gauntlet: " + unusable + " of " + checks.size()
          + " agents cannot serve plan '" + plan.name() + "' (see above)");
      return Failures.BAD_INPUT;
    }
    // Every agent answered: now what run checks before it starts anything (allow-list, limits, cores),
    // so that a plan run refuses is refused here too, with the same line.
    Map<String, AgentInfo> infos = new LinkedHashMap<>();
    checks.forEach(c -> c.names().forEach(n -> infos.put(n, c.info().orElseThrow())));
    Preflight.check(plan, infos::get, new ArrayList<>());
    return 0;
  }
}
