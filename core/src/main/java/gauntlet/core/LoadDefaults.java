package gauntlet.core;

import java.time.Duration;

/** The load defaults every entry point shares (plans, {@code gauntlet load}, the wire, the engine): defined once. */
public final class LoadDefaults {
  /** wrk's default socket/request timeout. */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);
  /** The same, as the command line writes it (annotations need a constant); LoadDefaultsTest keeps them equal. */
  public static final String TIMEOUT_TEXT = "2s";
  /** One interval report per second: the ledger's timeline and the .hlog resolution. */
  public static final Duration INTERVAL = Duration.ofSeconds(1);
  /** The request method when a plan or the command line names none. */
  public static final String METHOD = "GET";

  private LoadDefaults() {}
}
