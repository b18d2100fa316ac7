package gauntlet.controller.report;

import java.util.List;

/** What every report shows: a title, summary lines and one table per group; rendered as text or HTML. */
record Ledger(String title, List<String> summary, List<LedgerTable> tables) {
  Ledger {
    summary = List.copyOf(summary);
    tables = List.copyOf(tables);
  }
}
