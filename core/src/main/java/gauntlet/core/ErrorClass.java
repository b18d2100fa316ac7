package gauntlet.core;

import java.util.List;

/**
 * The classes of failed request, as wrk counts them: the one place they are spelled out. Everything
 * else (the event loop's tally, the wire, results.json, the ledger, wrk's summary) iterates over this.
 */
public enum ErrorClass {
  CONNECT("connect", "Connect error", "Connect errors", true, "#d9534f"),
  READ("read", "Read error", "Read errors", true, "#f0ad4e"),
  WRITE("write", "Write error", "Write errors", true, "#8a6d3b"),
  TIMEOUT("timeout", "Timeout", "Timeouts", true, "#7b61ff"),
  /** A complete response whose status is outside 200–399: wrk's "Non-2xx or 3xx responses"; a 3xx is no failure. */
  STATUS("status", "Non-2xx/3xx", "Non-2xx/3xx", false, "#337ab7");

  /** Every class, in wire and report order. */
  public static final List<ErrorClass> ALL = List.of(values());
  public static final int COUNT = ALL.size();

  private final String key;
  private final String singular;
  private final String plural;
  private final boolean socket;
  private final String chartColor;

  ErrorClass(String key, String singular, String plural, boolean socket, String chartColor) {
    this.key = key;
    this.singular = singular;
    this.plural = plural;
    this.socket = socket;
    this.chartColor = chartColor;
  }

  /** The colour report.html draws this class in. */
  public String chartColor() {
    return chartColor;
  }

  /** The name in results.json, in {@code load --json} and on the wire. */
  public String key() {
    return key;
  }

  /** How the ledger names {@code count} of them, e.g. "1 Read error", "3 Timeouts". */
  public String label(long count) {
    return count == 1 ? singular : plural;
  }

  /** wrk's "Socket errors" line sums these: all but the status class. */
  public boolean socket() {
    return socket;
  }

  /**
   * True for a status that counts as a failure: anything outside 200–399. 2xx and 3xx are no
   * failure, as wrk counts ("Non-2xx or 3xx responses"); the wire, the ledger and the metrics say
   * the same.
   */
  public static boolean isFailedStatus(int status) {
    return status < 200 || status > 399;
  }
}
