package gauntlet.cli.load;

import gauntlet.cli.DurationConverter;
import gauntlet.controller.plan.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * wrk's argument grammar (its units.c {@code scan_time} and {@code scan_metric}), so that a wrk
 * command line runs unchanged: times are bare seconds or carry s, m or h ({@code -d 2},
 * {@code --timeout 2s}, {@code -d 1m}); counts may carry k, M or G ({@code -c 100k}, {@code -R 20k}),
 * both case-insensitive as in wrk. Times also take the plans' grammar ({@code 500ms}, {@code 1m30s}).
 */
final class WrkArguments {
  private static final Pattern WRK_TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)([smh]?)", Pattern.CASE_INSENSITIVE);
  private static final Pattern WRK_COUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)([kmg]?)", Pattern.CASE_INSENSITIVE);

  private WrkArguments() {}

  /** A wrk time: {@code 2} and {@code 2s} are two seconds, {@code 2m} two minutes, {@code 500ms} as in plans. */
  static Duration time(String text) {
    Matcher m = WRK_TIME.matcher(text.trim());
    if (!m.matches()) {
      try {
        return DurationConverter.parse(text);
      } catch (TypeConversionException e) {
        throw new TypeConversionException("'" + text + "' is not a time: write seconds (2), or 2s, 2m, 2h, 500ms");
      }
    }
    long unitSeconds = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "m" -> 60;
      case "h" -> 3600;
      default -> 1;
    };
    BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitSeconds * 1_000_000_000L));
    if (nanos.compareTo(BigDecimal.valueOf(Durations.MAX.toNanos())) > 0) {
      throw new TypeConversionException("'" + text + "' is more than " + Durations.format(Durations.MAX));
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /** A wrk count: {@code 100}, {@code 100k} (100,000), {@code 2M}, {@code 1G}; fractions only where {@code wholes} is false. */
  static double count(String text, boolean wholes) {
    Matcher m = WRK_COUNT.matcher(text.trim());
    if (!m.matches()) {
      throw new TypeConversionException("'" + text + "' is not a count: write a number, optionally with k, M or G (100k)");
    }
    double scale = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> 1e3;
      case "m" -> 1e6;
      case "g" -> 1e9;
      default -> 1;
    };
    double value = Double.parseDouble(m.group(1)) * scale;
    if (wholes && value != Math.rint(value)) {
      throw new TypeConversionException("'" + text + "' is not a whole number");
    }
    return value;
  }

  /** {@code -d}, {@code --timeout}, {@code --warmup}. */
  public static final class Time implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return time(value);
    }
  }

  /** {@code -c}, {@code -t}: whole counts that fit an int. */
  public static final class Count implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      double n = count(value, true);
      if (n > Integer.MAX_VALUE) {
        throw new TypeConversionException("'" + value + "' is more than " + Integer.MAX_VALUE);
      }
      return (int) n;
    }
  }

  /** {@code -R}: requests per second, fractions allowed ({@code 0.5}, {@code 20k}). */
  public static final class Rate implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      return count(value, false);
    }
  }
}
