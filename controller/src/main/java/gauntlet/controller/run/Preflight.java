package gauntlet.controller.run;

import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.Plan;
import gauntlet.v1.AgentInfo;
import gauntlet.v1.RuntimeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a plan against the agents it names before anything starts: launchers, runtimes, cores
 * and limits. What cannot work is a {@link PreflightException}; what can be adjusted (CPUs above
 * a local machine's cores) becomes a warning and an adjusted cell.
 */
public final class Preflight {
  private Preflight() {}

  /** The cells to run, after clamping; warnings go to {@code notes}. */
  static List<Cell> check(Plan plan, AgentPool agents, List<String> notes) {
    return check(plan, name -> agents.link(name).info(), notes);
  }

  /**
   * The same checks from what each agent said about itself ({@code gauntlet agents} uses them,
   * so that it refuses what {@code run} would).
   *
   * @param infos the Describe answer of each agent the plan names, by the plan's name for it
   */
  public static List<Cell> check(Plan plan, java.util.function.Function<String, AgentInfo> infos, List<String> notes) {
    AgentInfo info = infos.apply(plan.target().agent());
    String launcher = plan.target().launcher() == null || plan.target().launcher().isBlank()
        ? info.getDefaultLauncher() : plan.target().launcher();
    if (!info.getLaunchersList().contains(launcher)) {
      String why = info.getUnavailableLaunchersOrDefault(launcher, "it offers " + String.join(", ", info.getLaunchersList()));
      throw new PreflightException("target.launcher '" + launcher + "' is not available on agent '"
          + plan.target().agent() + "': " + why);
    }
    for (Cell cell : plan.cells()) {
      RuntimeInfo runtime = info.getRuntimesList().stream()
          .filter(r -> r.getName().equals(cell.runtime())).findFirst().orElse(null);
      boolean needsHostRuntime = launcher.equals("process");
      if (needsHostRuntime && runtime != null && !runtime.getAvailable()) {
        throw new PreflightException("target.runtime '" + cell.runtime() + "' cannot run on agent '"
            + plan.target().agent() + "': " + runtime.getDetail());
      }
      if (runtime == null && !info.getAllowedImagesList().contains(cell.runtime())) {
        throw new PreflightException("target.runtime '" + cell.runtime() + "' is neither a built-in server nor on agent '"
            + plan.target().agent() + "''s allow-list (start it with --allow-image " + cell.runtime() + ")");
      }
    }
    for (String loader : plan.load().agents()) {
      AgentInfo l = infos.apply(loader);
      if (l.getLimits().getMaxConnections() > 0 && plan.load().connections() > l.getLimits().getMaxConnections()) {
        throw new PreflightException("load.connections " + plan.load().connections() + " is above agent '" + loader
            + "''s limit of " + l.getLimits().getMaxConnections() + " (its --max-connections)");
      }
      if (l.getLimits().getMaxThreads() > 0 && plan.load().threads() > l.getLimits().getMaxThreads()) {
        throw new PreflightException("load.threads " + plan.load().threads() + " is above agent '" + loader
            + "''s limit of " + l.getLimits().getMaxThreads() + " (its --max-threads)");
      }
      double rate = plan.load().rate() / plan.load().agents().size();
      if (l.getLimits().getMaxRate() > 0 && rate > l.getLimits().getMaxRate()) {
        throw new PreflightException(String.format(Locale.ROOT, "load.rate %s gives agent '%s' %s requests/second, "
            + "above its limit of %s (its --max-rate)", plain(plan.load().rate()), loader, plain(rate),
            plain(l.getLimits().getMaxRate())));
      }
      long total = plan.load().duration().plus(plan.load().warmup()).toMillis();
      if (l.getLimits().getMaxDurationMs() > 0 && total > l.getLimits().getMaxDurationMs()) {
        throw new PreflightException("load.duration plus warmup (" + total / 1000 + " s) is above agent '" + loader
            + "''s limit of " + l.getLimits().getMaxDurationMs() / 1000 + " s (its --max-duration)");
      }
    }
    return clampCpus(plan, info, notes);
  }

  private static String plain(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static List<Cell> clampCpus(Plan plan, AgentInfo info, List<String> notes) {
    int cores = info.getCores();
    boolean local = plan.targetAgent().isLocal();
    List<Cell> cells = new ArrayList<>();
    for (Cell cell : plan.cells()) {
      if (cell.cpus() <= cores) {
        cells.add(cell);
        continue;
      }
      if (!local) {
        throw new PreflightException(String.format(Locale.ROOT,
            "target.cpus %s is more than the %d cores of agent '%s' (%s); lower target.cpus",
            Cell.formatCpus(cell.cpus()), cores, plan.target().agent(), info.getHostname()));
      }
      notes.add(String.format(Locale.ROOT,
          "cell %s asks for %s CPUs but this machine has %d: running it with %d", cell.id(),
          Cell.formatCpus(cell.cpus()), cores, cores));
      cells.add(new Cell(cell.index(), cell.runtime(), cores, cell.cluster()));
    }
    return cells;
  }
}
