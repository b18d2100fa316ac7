package gauntlet.controller.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as plans and the command line write them: {@code 30s}, {@code 500ms}, {@code 2m},
 * {@code 1h}, {@code 1m30s}, {@code 1.5s}, {@code 250us}: the one duration grammar. A bare number is refused: "30" could mean seconds or
 * milliseconds, and guessing wrong makes a run 1000 times too long or too short.
 */
public final class Durations {
  /** Longer than any sensible cell; also keeps the arithmetic far from overflow. */
  public static final Duration MAX = Duration.ofHours(24);

  private static final Pattern WHOLE = Pattern.compile("([+-]?)((?:\\d+(?:\\.\\d+)?(?:ms|us|h|m|s))+)");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|h|m|s)");
  private static final Pattern BARE_NUMBER = Pattern.compile("[+-]?\\d+(?:\\.\\d+)?");
  private static final String UNITS = "h, m, s, ms or us";

  private Durations() {}

  /**
   * Parses a duration; negative values are returned as such (callers decide whether they are
   * allowed, so they can say so with the field's name).
   *
   * @throws IllegalArgumentException saying what is wrong, without the field's name
   */
  public static Duration parse(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    if (BARE_NUMBER.matcher(trimmed).matches()) {
      throw new IllegalArgumentException("needs a unit (" + UNITS + "), got " + Values.quote(text)
          + "; did you mean '" + trimmed + "s'?");
    }
    Matcher whole = WHOLE.matcher(trimmed);
    if (!whole.matches()) {
      throw new IllegalArgumentException("must be a duration like 30s, 500ms, 2m or 1m30s, got " + Values.quote(text));
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int lastRank = Integer.MAX_VALUE;
    Matcher part = PART.matcher(whole.group(2));
    while (part.find()) {
      int rank = rank(part.group(2));
      if (rank >= lastRank) {
        throw new IllegalArgumentException("units must go from largest to smallest, each once (like 1m30s), got "
            + Values.quote(text));
      }
      lastRank = rank;
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unitNanos(part.group(2)))));
      if (nanos.compareTo(BigDecimal.valueOf(MAX.toNanos())) > 0) {
        throw new IllegalArgumentException("must be at most " + format(MAX) + ", got " + Values.quote(text));
      }
    }
    long total = nanos.setScale(0, RoundingMode.HALF_UP).longValueExact();
    return Duration.ofNanos(whole.group(1).equals("-") ? -total : total);
  }

  /** The way a plan writes it: {@code 30s}, {@code 1m30s}, {@code 500ms}, {@code 0s}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder(duration.isNegative() ? "-" : "");
    Duration rest = duration.abs();
    long hours = rest.toHours();
    long minutes = rest.toMinutesPart();
    long seconds = rest.toSecondsPart();
    long millis = rest.toMillisPart();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (seconds > 0) {
      text.append(seconds).append('s');
    }
    if (millis > 0 || text.length() == (duration.isNegative() ? 1 : 0)) {
      text.append(millis).append("ms");
    }
    return text.toString();
  }

  private static int rank(String unit) {
    return switch (unit) {
      case "h" -> 3;
      case "m" -> 2;
      case "s" -> 1;
      case "ms" -> 0;
      default -> -1;
    };
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "h" -> 3_600_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "s" -> 1_000_000_000L;
      case "ms" -> 1_000_000L;
      default -> 1_000L;
    };
  }
}
