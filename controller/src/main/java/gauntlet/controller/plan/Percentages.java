package gauntlet.controller.plan;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shares as plans write them: {@code 1%}, {@code 0.1 %}: the one percentage grammar. */
public final class Percentages {
  private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");

  private Percentages() {}

  /**
   * A percentage from 0 % to 100 % as a share from 0 to 1.
   *
   * @throws IllegalArgumentException saying what is wrong, without the field's name
   */
  public static double parse(String text) {
    Matcher m = PERCENT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("must be a percentage like 1% or 0.1%, got " + Values.quote(text));
    }
    BigDecimal pct = new BigDecimal(m.group(1));
    if (pct.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new IllegalArgumentException("must be at most 100%, got " + Values.quote(text));
    }
    return pct.doubleValue() / 100;
  }
}
