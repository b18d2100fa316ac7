package gauntlet.controller.cli.load;

import java.util.Locale;

/** Numbers the way wrk prints them: 101.42us, 2.67ms, 44.92k, 128.39MB. */
final class WrkUnits {
  private WrkUnits() {}

  /** A duration given in microseconds. */
  static String time(double micros) {
    if (micros < 1000) {
      return String.format(Locale.ROOT, "%.2fus", micros);
    }
    if (micros < 1_000_000) {
      return String.format(Locale.ROOT, "%.2fms", micros / 1000);
    }
    if (micros < 60_000_000) {
      return String.format(Locale.ROOT, "%.2fs", micros / 1_000_000);
    }
    return String.format(Locale.ROOT, "%.2fm", micros / 60_000_000);
  }

  /** A count with a metric suffix: 44.92k, 1.20M. */
  static String count(double n) {
    if (n < 1000) {
      return String.format(Locale.ROOT, "%.2f", n);
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, "%.2fk", n / 1000);
    }
    if (n < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.2fM", n / 1_000_000);
    }
    return String.format(Locale.ROOT, "%.2fG", n / 1_000_000_000);
  }

  /** Bytes with binary multiples, labelled as wrk labels them (KB, MB, GB). */
  static String bytes(double n) {
    if (n < 1024) {
      return String.format(Locale.ROOT, "%.2fB", n);
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.2fKB", n / 1024);
    }
    if (n < 1024.0 * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.2fMB", n / 1024 / 1024);
    }
    return String.format(Locale.ROOT, "%.2fGB", n / 1024 / 1024 / 1024);
  }
}
