package gauntlet.controller.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Shares written as percentages, as plans and ledgers write them: "1 %", "0.1 %", "3.25 %". */
public final class Percent {
  private Percent() {}

  /** A share, 0 to 1, as a percentage with up to three significant decimals: 0.001 → "0.1 %". */
  public static String format(double share) {
    double pct = share * 100;
    String digits = pct >= 10 ? String.format(Locale.ROOT, "%.1f", pct)
        : pct >= 1 ? String.format(Locale.ROOT, "%.2f", pct) : String.format(Locale.ROOT, "%.3f", pct);
    return new BigDecimal(digits).stripTrailingZeros().toPlainString() + " %";
  }
}
