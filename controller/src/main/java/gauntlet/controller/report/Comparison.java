package gauntlet.controller.report;

import gauntlet.controller.stats.RatioInterval;

/**
 * Two cells of one ledger table compared on one figure: {@code a / b} with its 95 % interval.
 *
 * @param a the first cell's id (in the table's column order)
 * @param b the second cell's id
 */
public record Comparison(CellFigure figure, String a, String b, RatioInterval ratio) {}
