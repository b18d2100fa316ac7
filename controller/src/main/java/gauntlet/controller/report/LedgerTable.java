package gauntlet.controller.report;

import java.util.List;

/** The table of one (cpus, cluster) group, like the article's "Phase 4 Ledger", with its notes and one legend line per symbol. */
record LedgerTable(String title, List<LedgerColumn> columns, List<LedgerRow> rows, List<String> notes,
    List<String> legend) {
  LedgerTable {
    legend = List.copyOf(legend);
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    notes = List.copyOf(notes);
  }
}
