package gauntlet.controller.plan;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Turns plan values into Java values, or into a {@link PlanException} naming the field, the
 * value and what is allowed.
 */
final class Values {
  private static final int MAX_QUOTED = 60;

  private final PlanSource source;

  Values(PlanSource source) {
    this.source = source;
  }

  PlanSource source() {
    return source;
  }

  /** {@code 'value'} for messages: control characters escaped, long values shortened. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder("'");
    int shown = 0;
    for (int i = 0; i < value.length() && shown < MAX_QUOTED; i++, shown++) {
      char c = value.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > MAX_QUOTED) {
      out.append('…');
    }
    return out.append('\'').toString();
  }

  /** A non-empty text value; numbers and booleans are taken as written. */
  String text(String field, YamlNode node) {
    if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
      if (scalar.text().isBlank()) {
        throw source.error(node, field, "must not be empty");
      }
      return scalar.text().trim();
    }
    throw source.error(node, field, "must be a single value, got " + node.describe());
  }

  long integer(String field, YamlNode node, long min, long max) {
    BigDecimal value = decimal(field, node);
    if (value.stripTrailingZeros().scale() > 0) {
      throw source.error(node, field, "must be a whole number, got " + node.describe());
    }
    if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw source.error(node, field, rangeProblem(min, max) + ", got " + node.describe());
    }
    return value.longValueExact();
  }

  double number(String field, YamlNode node, double min, double max) {
    BigDecimal value = decimal(field, node);
    if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw source.error(node, field, rangeProblem(min, max) + ", got " + node.describe());
    }
    return value.doubleValue();
  }

  boolean bool(String field, YamlNode node) {
    if (node instanceof YamlNode.Scalar scalar) {
      switch (scalar.text().trim().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> {
          return true;
        }
        case "false", "no", "off" -> {
          return false;
        }
        default -> { }
      }
    }
    throw source.error(node, field, "must be true or false, got " + node.describe());
  }

  /** A duration, positive unless {@code zeroAllowed}. */
  Duration duration(String field, YamlNode node, boolean zeroAllowed) {
    if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
      throw source.error(node, field, "must be a duration like 30s, 500ms or 1m30s, got " + node.describe());
    }
    Duration value;
    try {
      value = Durations.parse(scalar.text());
    } catch (IllegalArgumentException e) {
      throw source.error(node, field, e.getMessage());
    }
    if (value.isNegative()) {
      throw source.error(node, field, (zeroAllowed ? "must not be negative" : "must be positive")
          + ", got " + node.describe());
    }
    if (value.isZero() && !zeroAllowed) {
      throw source.error(node, field, "must be positive, got " + node.describe());
    }
    return value;
  }

  /** A single value or a non-empty list of values, as the matrix fields accept. */
  List<YamlNode> oneOrMore(String field, YamlNode node) {
    if (node instanceof YamlNode.Sequence sequence) {
      if (sequence.items().isEmpty()) {
        throw source.error(node, field, "must list at least one value, got an empty list");
      }
      return sequence.items();
    }
    if (node instanceof YamlNode.Mapping) {
      throw source.error(node, field, "must be a value or a list of values, got a mapping");
    }
    return List.of(node);
  }

  /** Whether an element of a list field is referred to by index. */
  static String item(String field, YamlNode whole, int index) {
    return whole instanceof YamlNode.Sequence ? field + "[" + index + "]" : field;
  }

  BigDecimal decimal(String field, YamlNode node) {
    if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
      if (scalar.number() instanceof BigDecimal decimal) {
        return decimal;
      }
      if (scalar.number() != null) {
        return new BigDecimal(scalar.number().toString());
      }
      if (scalar.kind() == YamlNode.ScalarKind.STRING) {
        try {
          // A quoted number ("4") means the same as 4; be lenient where nothing can be mistaken.
          return new BigDecimal(scalar.text().trim());
        } catch (NumberFormatException e) {
          // Falls through to the message below.
        }
      }
    }
    throw source.error(node, field, "must be a number, got " + node.describe());
  }

  private static String rangeProblem(double min, double max) {
    return "must be between " + plain(min) + " and " + plain(max);
  }

  private static String plain(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.format(Locale.ROOT, "%,d", (long) value)
        : BigDecimal.valueOf(value).toPlainString();
  }
}
