package gauntlet.cli.load;

import java.util.Locale;

/** Numbers the way wrk prints them: 101.42us, 2.67ms, 44.92k, 128.39MB. */
final class WrkUnits {
  private static final Scale TIME = new Scale(new double[] {1, 1000, 1_000_000, 60_000_000},
      new String[] {"us", "ms", "s", "m"});
  private static final Scale COUNT = new Scale(new double[] {1, 1000, 1_000_000, 1_000_000_000},
      new String[] {"", "k", "M", "G"});
  private static final Scale BYTES = new Scale(new double[] {1, 1024, 1024 * 1024, 1024.0 * 1024 * 1024},
      new String[] {"B", "KB", "MB", "GB"});

  private WrkUnits() {}

  /** A duration given in microseconds. */
  static String time(double micros) {
    return TIME.format(micros);
  }

  /** A count with a metric suffix: 44.92k, 1.20M. */
  static String count(double n) {
    return COUNT.format(n);
  }

  /** Bytes with binary multiples, labelled as wrk labels them (KB, MB, GB). */
  static String bytes(double n) {
    return BYTES.format(n);
  }

  /** Units in ascending size: a value is printed in the largest unit it reaches, with two decimals. */
  private record Scale(double[] sizes, String[] suffixes) {
    String format(double n) {
      int unit = 0;
      while (unit + 1 < sizes.length && n >= sizes[unit + 1]) {
        unit++;
      }
      return String.format(Locale.ROOT, "%.2f%s", n / sizes[unit], suffixes[unit]);
    }
  }
}
