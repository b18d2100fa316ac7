package gauntlet.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as wrk writes them: {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 1m30s}. */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|s|m|h)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    String text = value.trim();
    Matcher m = PART.matcher(text);
    long nanos = 0;
    int at = 0;
    while (at < text.length() && m.find(at) && m.start() == at) {
      double amount = Double.parseDouble(m.group(1));
      nanos += (long) (amount * switch (m.group(2)) {
        case "us" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      });
      at = m.end();
    }
    if (text.isEmpty() || at != text.length()) {
      throw new TypeConversionException("'" + value + "' is not a duration; write it like 30s, 500ms, 2m or 1h");
    }
    return Duration.ofNanos(nanos);
  }
}
