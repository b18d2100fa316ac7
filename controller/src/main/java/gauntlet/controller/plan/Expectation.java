package gauntlet.controller.plan;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One CI expectation on a cell's merged figures, parsed once from the plan's text, e.g.
 * {@code rps: ">= 20000"}, {@code p99: "< 25ms"}, {@code errors: "< 0.1%"}.
 *
 * @param figure what is measured
 * @param comparison how the measured value must compare to {@code threshold}
 * @param threshold in the figure's unit: requests/second, milliseconds, or a share from 0 to 1
 * @param written the expression as the plan wrote it, for messages and reports
 */
public record Expectation(Figure figure, Comparison comparison, double threshold, String written) {
  private static final Pattern EXPRESSION = Pattern.compile("(<=|>=|<|>)\\s*(.+)");

  /** The figures an expectation may name, with the unit its threshold is written in. */
  public enum Figure {
    RPS("rps", "a number of requests/second like 20000"),
    P50("p50", "a duration like 5ms"),
    P90("p90", "a duration like 10ms"),
    P99("p99", "a duration like 25ms"),
    P999("p999", "a duration like 50ms"),
    MAX("max", "a duration like 100ms"),
    ERRORS("errors", "a percentage like 0.1%");

    private final String key;
    private final String example;

    Figure(String key, String example) {
      this.key = key;
      this.example = example;
    }

    public String key() {
      return key;
    }

    public boolean latency() {
      return this != RPS && this != ERRORS;
    }

    static Figure of(String key) {
      for (Figure f : values()) {
        if (f.key.equals(key)) {
          return f;
        }
      }
      throw new IllegalArgumentException("is not a figure an expectation can check; use rps, p50, p90, p99, p999,"
          + " max or errors");
    }
  }

  public enum Comparison {
    LESS("<"), AT_MOST("<="), MORE(">"), AT_LEAST(">=");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    boolean holds(double measured, double threshold) {
      return switch (this) {
        case LESS -> measured < threshold;
        case AT_MOST -> measured <= threshold;
        case MORE -> measured > threshold;
        case AT_LEAST -> measured >= threshold;
      };
    }

    static Comparison of(String symbol) {
      for (Comparison c : values()) {
        if (c.symbol.equals(symbol)) {
          return c;
        }
      }
      throw new IllegalArgumentException(symbol);
    }
  }

  /**
   * Parses {@code text} as an expectation on the figure named {@code key}.
   *
   * @throws IllegalArgumentException one sentence naming the offending value, without the field's name
   */
  public static Expectation parse(String key, String text) {
    Figure figure = Figure.of(key);
    Matcher m = EXPRESSION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("must be a comparison like \">= 20000\" or \"< 25ms\" (one of <, <=, >, >="
          + " then " + figure.example + "), got " + Values.quote(text));
    }
    String value = m.group(2).trim();
    double threshold;
    try {
      threshold = switch (figure) {
        case RPS -> requestsPerSecond(value);
        case ERRORS -> Percentages.parse(value);
        default -> Durations.parse(value).toNanos() / 1e6;
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("needs " + figure.example + " after " + m.group(1) + ", got "
          + Values.quote(text));
    }
    return new Expectation(figure, Comparison.of(m.group(1)), threshold, m.group(1) + " " + value);
  }

  private static double requestsPerSecond(String value) {
    String digits = value.replace(",", "").replace("_", "");
    try {
      double rps = Double.parseDouble(digits);
      if (rps < 0 || Double.isNaN(rps) || Double.isInfinite(rps)) {
        throw new IllegalArgumentException(value);
      }
      return rps;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(value, e);
    }
  }

  /** Whether {@code measured}, in the figure's unit, meets the expectation. */
  public boolean metBy(double measured) {
    return comparison.holds(measured, threshold);
  }

  /** e.g. {@code p99 < 25ms}. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %s", figure.key, written);
  }
}
