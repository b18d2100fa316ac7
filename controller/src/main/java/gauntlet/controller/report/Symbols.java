package gauntlet.controller.report;

/**
 * The ledger's 🏆 and ⚠️ as inline SVG for report.html: emoji need a font that has them, and a
 * machine without one shows empty boxes. Each icon carries its meaning as a title for readers
 * and screen readers, and the page's legend explains both.
 */
final class Symbols {
  static final String TROPHY_SVG = "<svg class=\"sym\" viewBox=\"0 0 16 16\" role=\"img\" aria-label=\"best in row\">"
      + "<title>best in row</title>"
      + "<path d=\"M4 3H1.8v1.2A2.6 2.6 0 0 0 4.4 6.8M12 3h2.2v1.2a2.6 2.6 0 0 1-2.6 2.6\" fill=\"none\""
      + " stroke=\"#8a6a00\" stroke-width=\"1.1\"/>"
      + "<path d=\"M3.8 1.5h8.4v3.3a4.2 4.2 0 0 1-8.4 0z\" fill=\"#e8b923\" stroke=\"#8a6a00\" stroke-width=\".9\"/>"
      + "<path d=\"M7 9h2v3H7z\" fill=\"#e8b923\" stroke=\"#8a6a00\" stroke-width=\".8\"/>"
      + "<path d=\"M4.6 12h6.8v2.4H4.6z\" fill=\"#8a6a00\"/></svg>";
  static final String WARNING_SVG = "<svg class=\"sym\" viewBox=\"0 0 16 16\" role=\"img\" aria-label=\"worth a look\">"
      + "<title>worth a look</title>"
      + "<path d=\"M8 1.2 15.3 14.6H.7z\" fill=\"#f2b705\" stroke=\"#7a5200\" stroke-width=\".9\""
      + " stroke-linejoin=\"round\"/>"
      + "<path d=\"M7.2 5.4h1.6l-.3 5H7.5z\" fill=\"#1d1d1f\"/><circle cx=\"8\" cy=\"12.3\" r=\".95\" fill=\"#1d1d1f\"/>"
      + "</svg>";

  private Symbols() {}

  /** HTML-escaped text with the ledger's symbols drawn as SVG. */
  static String html(String text) {
    return Html.escape(text)
        .replace(LedgerBuilder.WARNING, WARNING_SVG)
        .replace("\u26A0", WARNING_SVG)
        .replace(Trophies.TROPHY, TROPHY_SVG);
  }

  /** What the symbols mean, shown once above the tables. */
  static String legend() {
    return "<p class=\"legend\">" + TROPHY_SVG + " best in its row and beyond noise (≈: best, but within noise) &nbsp; " + WARNING_SVG
        + " worth a look: failed requests, or a maximum at the timeout or at least "
        + java.math.BigDecimal.valueOf(LedgerBuilder.OUTLIER_FACTOR).stripTrailingZeros().toPlainString() + "× the row's lowest</p>\n";
  }
}
