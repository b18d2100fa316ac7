package gauntlet.controller.report;

import java.util.Locale;

/** Numbers as the article writes them: "31,025 RPS", "933,074", "8.62 ms", "1.62 MB/s", "383%". */
final class Figures {
  private Figures() {}

  static String rps(double rps) {
    return String.format(Locale.ROOT, "%,.0f RPS", rps);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String millis(double ms) {
    return String.format(Locale.ROOT, "%,.2f ms", ms);
  }

  /** Bytes per second in wrk's units (1024-based, written MB as wrk and the article write it). */
  static String transferRate(double bytesPerSecond) {
    if (bytesPerSecond >= 1024.0 * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.2f GB/s", bytesPerSecond / (1024.0 * 1024 * 1024));
    }
    if (bytesPerSecond >= 1024 * 1024) {
      return String.format(Locale.ROOT, "%.2f MB/s", bytesPerSecond / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f KB/s", bytesPerSecond / 1024);
  }

  static String percent(double pct) {
    return String.format(Locale.ROOT, "%.0f%%", pct);
  }

  static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }

  /** A duration as plans write it: 500ms, 30s, 2m, 1m30s. */
  static String duration(java.time.Duration d) {
    long millis = d.toMillis();
    if (millis % 1000 != 0) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    if (seconds < 60 || seconds % 60 != 0 && seconds < 600) {
      return seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds / 60 + "m" + seconds % 60 + "s";
  }

  static String megabits(double bitsPerSecond) {
    return String.format(Locale.ROOT, "%,.1f Mbit/s", bitsPerSecond / 1e6);
  }
}
