package gauntlet.cli;

import gauntlet.v1.AgentInfo;
import gauntlet.v1.RuntimeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders {@code gauntlet agents}: one aligned row per agent, then one line per problem (long
 * reasons would make the table unreadable).
 */
final class AgentsTable {
  static final List<String> HEADER = List.of(
      "AGENT", "ADDRESS", "REACHABLE", "VERSION", "CORES", "MEMORY", "LAUNCHERS", "RUNTIMES", "CLOCK", "BUSY WITH");

  private AgentsTable() {}

  static String render(List<AgentCheck> checks) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (AgentCheck check : checks) {
      rows.add(row(check));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row.get(i)));
        if (i < row.size() - 1) {
          line.append("  ");
        }
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    for (AgentCheck check : checks) {
      check.info().ifPresent(info -> info.getUnavailableLaunchersMap().forEach((launcher, why) ->
          text.append(check.names().get(0)).append(": no ").append(launcher).append(" launcher: ").append(why)
              .append('\n')));
      for (String problem : check.problems()) {
        text.append(check.names().get(0)).append(": NOT USABLE: ").append(problem).append('\n');
      }
    }
    return text.toString();
  }

  private static List<String> row(AgentCheck check) {
    String name = String.join(", ", check.names());
    if (check.info().isEmpty()) {
      return List.of(name, check.address(), "no", "-", "-", "-", "-", "-", "-", "-");
    }
    AgentInfo info = check.info().get();
    String clock = check.clock()
        .map(c -> String.format(Locale.ROOT, "%+.2f ms (rtt %.2f ms)", c.offsetMillis(), c.rttMillis()))
        .orElse("-");
    return List.of(name, check.address(), "yes", info.getVersion(), Integer.toString(info.getCores()),
        memory(info.getMemoryBytes()), launchers(info), runtimes(info), clock,
        info.getBusyWithRun().isEmpty() ? "-" : info.getBusyWithRun());
  }

  private static String launchers(AgentInfo info) {
    List<String> launchers = new ArrayList<>(info.getLaunchersList());
    for (Map.Entry<String, String> missing : info.getUnavailableLaunchersMap().entrySet()) {
      launchers.add("no " + missing.getKey());
    }
    return launchers.isEmpty() ? "none" : String.join(", ", launchers);
  }

  private static String runtimes(AgentInfo info) {
    String runtimes = info.getRuntimesList().stream()
        .map(r -> r.getAvailable() ? r.getName() + " " + shortVersion(r) : "no " + r.getName())
        .collect(Collectors.joining(", "));
    return runtimes.isEmpty() ? "none" : runtimes;
  }

  /** "go version go1.19.8 linux/amd64" is mostly noise in a table: keep the first token with a digit. */
  private static String shortVersion(RuntimeInfo runtime) {
    for (String token : runtime.getVersion().split("\\s+")) {
      if (token.matches(".*\\d.*")) {
        return token;
      }
    }
    return runtime.getVersion().isBlank() ? "?" : runtime.getVersion();
  }

  static String memory(long bytes) {
    if (bytes <= 0) {
      return "?";
    }
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
  }
}
