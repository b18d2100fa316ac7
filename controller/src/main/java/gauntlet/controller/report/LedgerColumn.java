package gauntlet.controller.report;

import java.util.Optional;

/**
 * One runtime's column of a ledger table.
 *
 * @param cell the cell measured for it; empty for "N/A (Go handles natively)"
 */
record LedgerColumn(String header, String runtime, Optional<CellResult> cell) {}
