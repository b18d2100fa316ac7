package gauntlet.controller.plan;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory sizes as plans write them: {@code 512m}, {@code 1g}, {@code 512MiB}, {@code 1.5g} or
 * plain bytes. Every unit is 1024-based, as in {@code docker run -m 512m}, so a plan copied from
 * a docker command means the same limit.
 */
public final class ByteSizes {
  /** A limit beyond any machine; keeps the arithmetic far from overflow. */
  public static final long MAX = 1L << 50;

  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([kmgt])(?:i?b)?|(b))?",
      Pattern.CASE_INSENSITIVE);
  private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private ByteSizes() {}

  /**
   * Parses a size.
   *
   * @throws IllegalArgumentException saying what is wrong, without the field's name
   */
  public static long parse(String text) {
    String trimmed = text.trim();
    if (trimmed.startsWith("-")) {
      throw new IllegalArgumentException("must not be negative, got " + Values.quote(text));
    }
    Matcher m = SIZE.matcher(trimmed);
    if (!m.matches()) {
      throw new IllegalArgumentException("must be a size like 512m, 1g, 512MiB or a number of bytes, got "
          + Values.quote(text));
    }
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    int power = switch (unit) {
      case "k" -> 1;
      case "m" -> 2;
      case "g" -> 3;
      case "t" -> 4;
      default -> 0;
    };
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
    if (bytes.compareTo(BigDecimal.valueOf(MAX)) > 0) {
      throw new IllegalArgumentException("must be at most 1 PiB, got " + Values.quote(text));
    }
    return bytes.longValue();
  }

  /** 1024-based with one decimal when needed: {@code 512 MiB}, {@code 1.5 GiB}, {@code 900 B}. */
  public static String format(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    String number = value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.1f", value);
    return number + " " + BINARY_UNITS[unit];
  }
}
