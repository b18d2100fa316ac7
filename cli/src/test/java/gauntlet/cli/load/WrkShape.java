package gauntlet.cli.load;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * wrk's summary with its numbers masked, so that two runs compare by shape alone. In the table
 * lines (Latency, Req/Sec, the distribution, Requests/sec, Transfer/sec) each figure becomes
 * blanks with an N where its last digit was, its unit blanks too: a figure one column off shows.
 * Elsewhere ("1234 requests in 2.00s") a figure becomes one N, as its width varies with the value.
 */
final class WrkShape {
  private static final Pattern FIGURE =
      Pattern.compile("[0-9]+(?:\\.[0-9]+)?(?:us|ms|KB|MB|GB|TB|s|m|k|M|G|T|B)?");
  private static final Pattern TABLE =
      Pattern.compile("^ *(Thread Stats|Latency|Service|Req/Sec|[0-9]+%|Requests/sec:|Transfer/sec:).*");
  private static final Pattern DIGITS = Pattern.compile("^[0-9.]+");

  private WrkShape() {}

  static String of(String output) {
    return output.lines().map(WrkShape::line).collect(Collectors.joining("\n", "", "\n"));
  }

  private static String line(String line) {
    boolean table = TABLE.matcher(line).matches();
    Matcher m = FIGURE.matcher(line);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String figure = m.group();
      String replacement;
      if (table) {
        Matcher digits = DIGITS.matcher(figure);
        int lastDigit = digits.find() ? digits.end() - 1 : 0;
        StringBuilder masked = new StringBuilder(" ".repeat(figure.length()));
        masked.setCharAt(lastDigit, 'N');
        replacement = masked.toString();
      } else {
        replacement = "N";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
