package gauntlet.controller.report;

import java.util.List;

/** A metric's row: one display value per column, trophies and warnings included. */
record LedgerRow(String metric, List<String> values) {
  LedgerRow {
    values = List.copyOf(values);
  }
}
