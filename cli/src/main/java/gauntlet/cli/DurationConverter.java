package gauntlet.cli;

import gauntlet.controller.plan.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Command-line durations in the plans' grammar ({@link Durations}): {@code 30s}, {@code 500ms}, {@code 1m30s}. */
public final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    Duration duration;
    try {
      duration = Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
    if (duration.isNegative()) {
      throw new TypeConversionException("must not be negative, got '" + value + "'; write it like 30s");
    }
    return duration;
  }
}
