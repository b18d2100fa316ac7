package gauntlet.controller.report;

import gauntlet.core.ErrorClass;
import gauntlet.core.ErrorCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Numbers the way the article prints them: "31,025 RPS", "933,074", "8.62 ms", "1.62 MB/s", "383%". */
public final class Figures {
  private static final String[] WRK_UNITS = {"", "K", "M", "G", "T"};

  private Figures() {}

  public static String rps(double requestsPerSecond) {
    return String.format(Locale.ROOT, "%,.0f RPS", requestsPerSecond);
  }

  /** A ratio as the ledger's "vs best" row shows it: "0.55×". */
  public static String ratio(double ratio) {
    return ratioBound(ratio) + "×";
  }

  /** An end of a ratio's interval: two decimals, three below 0.1 so small ratios keep a digit that moves. */
  public static String ratioBound(double ratio) {
    return String.format(Locale.ROOT, ratio < 0.1 ? "%.3f" : "%.2f", ratio);
  }

  /** A share as "1.8 %"; below 0.1 % one more decimal. */
  public static String percentShare(double share) {
    return String.format(Locale.ROOT, share < 0.001 ? "%.2f %%" : "%.1f %%", 100 * share);
  }

  public static String count(long count) {
    return String.format(Locale.ROOT, "%,d", count);
  }

  public static String millis(double ms) {
    return String.format(Locale.ROOT, "%,.2f ms", ms);
  }

  /**
   * Transfer rate scaled like wrk's "Transfer/sec" ({@link WrkUnits#binary}), labelled as the
   * article does ("1.62 MB/s").
   */
  public static String transferRate(double bytesPerSecond) {
    WrkUnits.Scaled scaled = WrkUnits.binary(bytesPerSecond);
    return String.format(Locale.ROOT, "%.2f %sB/s", scaled.amount(), WRK_UNITS[scaled.power()]);
  }

  /** docker stats arithmetic: 100% is one core. */
  public static String cpuPercent(double pct) {
    return String.format(Locale.ROOT, "%.0f%%", pct);
  }

  /** 1024-based: "45.3 MiB". */
  public static String memory(long bytes) {
    double value = bytes;
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** Link speed: "941.2 Mbit/s", "9.41 Gbit/s". */
  public static String bitRate(double bitsPerSecond) {
    if (bitsPerSecond >= 1e9) {
      return String.format(Locale.ROOT, "%.2f Gbit/s", bitsPerSecond / 1e9);
    }
    return String.format(Locale.ROOT, "%.1f Mbit/s", bitsPerSecond / 1e6);
  }

  /** A signed offset: "+0.42 ms", "-1.30 ms". */
  public static String signedMillis(double ms) {
    return String.format(Locale.ROOT, "%+,.2f ms", ms);
  }

  /** "0", or the failures by class like the article's "60 Timeouts". */
  public static String failures(ErrorCounts errors) {
    if (errors.total() == 0) {
      return "0";
    }
    List<String> parts = new ArrayList<>();
    for (ErrorClass c : ErrorClass.ALL) {
      long count = errors.get(c);
      if (count > 0) {
        parts.add(count(count) + " " + c.label(count));
      }
    }
    return String.join(", ", parts);
  }
}
