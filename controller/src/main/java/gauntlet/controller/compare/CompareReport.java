package gauntlet.controller.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code compare.md}: one table row per figure of every matched cell, with its verdict. */
public final class CompareReport {
  private CompareReport() {}

  public static String markdown(RunComparison comparison) {
    StringBuilder out = new StringBuilder();
    out.append("# Gauntlet compare: ").append(comparison.base().runId()).append(" → ")
        .append(comparison.current().runId()).append("\n\n");
    out.append("- Base: ").append(comparison.base().folder()).append('\n');
    out.append("- New: ").append(comparison.current().folder()).append('\n');
    out.append(String.format(Locale.ROOT, "- A regression: a significant change for the worse beyond %s"
        + " (throughput down, latency up)%n", percent(comparison.maxRegression())));
    out.append("- Intervals: 95 % interval of new ÷ base (Welch's t on the logs of the repetitions); without"
        + " repetitions a change is significant only beyond the ")
        .append(percent(RunComparison.NOISE_FLOOR)).append(" noise floor of single runs\n\n");
    out.append("| Cell | Figure | Base | New | Change | New ÷ base, 95 % interval | Verdict |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (CellChange cell : comparison.cells()) {
      String name = cell.base().id().equals(cell.current().id()) ? cell.base().id()
          : cell.base().id() + " → " + cell.current().id() + " (" + cell.note() + ")";
      String runs = " (" + cell.base().repetitions() + " vs " + cell.current().repetitions() + " runs)";
      for (FigureChange figure : cell.figures()) {
        out.append("| ").append(name).append(runs).append(" | ").append(label(figure.figure())).append(" | ")
            .append(value(figure.figure(), figure.base())).append(" | ").append(value(figure.figure(), figure.current()))
            .append(" | ").append(String.format(Locale.ROOT, "%+.1f %%", 100 * figure.change())).append(" | ")
            .append(String.format(Locale.ROOT, "%.2f× ", figure.ratio()))
            .append(RunComparison.interval(figure).orElse("(single run: no interval)")).append(" | ")
            .append(verdict(figure)).append(" |\n");
      }
    }
    List<String> left = new ArrayList<>();
    comparison.unmatchedBase().forEach(c -> left.add("only in the base run: " + c.id()));
    comparison.unmatchedCurrent().forEach(c -> left.add("only in the new run: " + c.id()));
    if (!left.isEmpty()) {
      out.append('\n');
      left.forEach(l -> out.append("- ").append(l).append('\n'));
    }
    out.append('\n').append(comparison.regressed()
        ? "Result: REGRESSION — a significant change for the worse beyond " + percent(comparison.maxRegression())
        : "Result: no significant regression beyond " + percent(comparison.maxRegression())).append('\n');
    return out.toString();
  }

  static String verdict(FigureChange figure) {
    if (figure.regression()) {
      return "significant — REGRESSION";
    }
    return figure.significant() ? "significant" : "within noise";
  }

  private static String label(String figure) {
    return switch (figure) {
      case "rps" -> "Throughput";
      case "p50_ms" -> "p50 latency";
      case "p99_ms" -> "p99 latency";
      default -> figure;
    };
  }

  private static String value(String figure, double value) {
    return figure.equals("rps") ? String.format(Locale.ROOT, "%,.0f RPS", value)
        : String.format(Locale.ROOT, "%,.2f ms", value);
  }

  private static String percent(double share) {
    return new java.math.BigDecimal(100 * share).setScale(1, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
        .toPlainString() + " %";
  }
}
