package gauntlet.controller.report;

import java.util.Locale;

/**
 * Numbers the way wrk prints them (its units.c): 101.42us, 2.67ms, 44.92k, 128.39MB. A value moves
 * to the next unit from 0.85 of it, so 999 is "1.00k" and 870 us is "0.87ms"; times from one second
 * up count in seconds, then minutes. As in wrk, the last unit of each list is never reached (its
 * loop stops one short), so 900 ms stays "900.00ms" and two hours are "120.00m": those units are
 * left out here rather than kept unreachable. The one home of this scaling: {@code gauntlet load}'s
 * summary and the ledger's transfer rate both use it.
 */
public final class WrkUnits {
  /** wrk moves up a unit once a value reaches this share of the next one. */
  static final double SWITCH_OVER = 0.85;

  private static final Scale MICROS = new Scale(1000, "us", "ms");
  private static final Scale SECONDS = new Scale(60, "s", "m");
  private static final Scale METRIC = new Scale(1000, "", "k", "M", "G", "T");
  private static final Scale BINARY = new Scale(1024, "B", "KB", "MB", "GB", "TB");

  private WrkUnits() {}

  /** A duration given in microseconds. */
  public static String time(double micros) {
    return micros >= 1_000_000 ? SECONDS.format(micros / 1_000_000) : MICROS.format(micros);
  }

  /** Whole seconds as wrk's "Running 10s test" header shows a duration: 10s, 1m (from 51 s), 2m. */
  public static String wholeSeconds(double seconds) {
    Scaled s = SECONDS.scale(seconds);
    return String.format(Locale.ROOT, "%.0f%s", s.amount(), SECONDS.units()[s.power()]);
  }

  /**
   * A formatted figure in a column of {@code width}, as wrk's {@code print_units} places it: right
   * aligned with the unit hanging into the two spaces after it, so that the digits of "98.00us",
   * "1.20s" and "44.92" all end in the same column.
   */
  public static String column(String figure, int width) {
    int length = figure.length();
    int pad = 2;
    if (length > 0 && Character.isLetter(figure.charAt(length - 1))) {
      pad--;
    }
    if (length > 1 && Character.isLetter(figure.charAt(length - 2))) {
      pad--;
    }
    int field = width - pad;
    String clipped = figure.length() > field ? figure.substring(0, field) : figure;
    return " ".repeat(field - clipped.length()) + clipped + " ".repeat(pad);
  }

  /** A count with a metric suffix: 44.92k, 1.20M. */
  public static String count(double n) {
    return METRIC.format(n);
  }

  /** Bytes with binary multiples, labelled as wrk labels them (KB, MB, GB). */
  public static String bytes(double n) {
    return BINARY.format(n);
  }

  /** Bytes scaled as {@link #bytes}: the amount and the power of 1024 it is in (0 for bytes). */
  public static Scaled binary(double n) {
    return BINARY.scale(n);
  }

  /** A value in the unit wrk would print it in. */
  public record Scaled(double amount, int power) {}

  /** wrk's {@code units}: a base unit and the ones each {@code step} times larger. */
  private record Scale(double step, String... units) {
    Scaled scale(double n) {
      double amount = n;
      int power = 0;
      while (power + 1 < units.length && amount >= step * SWITCH_OVER) {
        amount /= step;
        power++;
      }
      return new Scaled(amount, power);
    }

    String format(double n) {
      Scaled s = scale(n);
      return String.format(Locale.ROOT, "%.2f%s", s.amount(), units[s.power()]);
    }
  }
}
