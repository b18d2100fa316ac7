package gauntlet.controller.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The run as {@code ledger.md}: the article's tables, one per (cpus, cluster) group, with the
 * winner of each row marked 🏆. Columns are padded so the same text reads well in a terminal
 * ({@code gauntlet demo} prints it).
 */
public final class LedgerWriter {
  private LedgerWriter() {}

  /** The ledger of {@code run} as Markdown text ending in a newline. */
  public static String render(RunResult run) {
    Ledger ledger = LedgerBuilder.build(run);
    StringBuilder out = new StringBuilder();
    out.append("# ").append(ledger.title()).append("\n\n");
    for (String line : ledger.summary()) {
      out.append("- ").append(escape(line)).append('\n');
    }
    if (ledger.tables().isEmpty()) {
      out.append("\nNo cell has finished yet.\n");
    }
    for (LedgerTable table : ledger.tables()) {
      out.append("\n## ").append(table.title()).append("\n\n");
      appendTable(out, table);
      if (!table.notes().isEmpty()) {
        out.append('\n');
        for (String note : table.notes()) {
          out.append("- ").append(escape(note)).append('\n');
        }
      }
      out.append('\n');
      for (String line : table.legend()) {
        out.append("> ").append(escape(line)).append("  \n");
      }
    }
    List<ExpectationResult> expectations = ExpectationResult.of(run);
    if (!expectations.isEmpty()) {
      long failed = expectations.stream().filter(e -> !e.passed()).count();
      out.append("\n## Expectations\n\n");
      out.append(failed == 0 ? "All " + expectations.size() + " met.\n\n"
          : failed + " of " + expectations.size() + " not met.\n\n");
      for (ExpectationResult e : expectations) {
        out.append("- ").append(e.passed() ? "pass" : "FAIL").append(' ').append(e.cellId()).append(": ")
            .append(escape(e.describe())).append('\n');
      }
    }
    return out.toString();
  }

  private static void appendTable(StringBuilder out, LedgerTable table) {
    List<List<String>> lines = new ArrayList<>();
    List<String> header = new ArrayList<>();
    header.add("Metric");
    table.columns().forEach(c -> header.add(c.header()));
    lines.add(header);
    for (LedgerRow row : table.rows()) {
      List<String> line = new ArrayList<>();
      line.add(row.metric());
      row.values().forEach(line::add);
      lines.add(line);
    }
    int[] widths = new int[header.size()];
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        line.set(i, escapeCell(line.get(i)));
        widths[i] = Math.max(widths[i], DisplayWidth.of(line.get(i)));
      }
    }
    appendLine(out, lines.get(0), widths);
    out.append('|');
    for (int width : widths) {
      out.append("-".repeat(width + 2)).append('|');
    }
    out.append('\n');
    for (List<String> line : lines.subList(1, lines.size())) {
      appendLine(out, line, widths);
    }
  }

  private static void appendLine(StringBuilder out, List<String> cells, int[] widths) {
    out.append('|');
    for (int i = 0; i < cells.size(); i++) {
      out.append(' ').append(DisplayWidth.pad(cells.get(i), widths[i])).append(" |");
    }
    out.append('\n');
  }

  /** A table cell never breaks the table: pipes escaped, line breaks flattened. */
  private static String escapeCell(String text) {
    return LedgerBuilder.oneLine(text).replace("|", "\\|");
  }

  private static String escape(String text) {
    return LedgerBuilder.oneLine(text);
  }
}
