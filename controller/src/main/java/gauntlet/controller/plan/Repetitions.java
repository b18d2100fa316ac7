package gauntlet.controller.plan;

import java.util.OptionalLong;

/**
 * How often each cell runs and in which order: {@code repeat} rounds, each running every cell once
 * on a fresh target.
 *
 * @param repeat rounds, at least 1
 * @param order the cells' order within each round
 * @param seed the shuffle's seed; empty: the run picks one and records it
 */
public record Repetitions(int repeat, CellOrder order, OptionalLong seed) {
  /** One run per cell: a single measurement, as before repetitions existed. */
  public static final int DEFAULT_REPEAT = 1;
  /** No plan needs more; a typo like 1000 would keep a machine busy for days. */
  public static final int MAX_REPEAT = 100;
  public static final Repetitions ONCE = new Repetitions(DEFAULT_REPEAT, CellOrder.SHUFFLED, OptionalLong.empty());

  public Repetitions {
    if (repeat < 1 || repeat > MAX_REPEAT) {
      throw new IllegalArgumentException("repeat must be between 1 and " + MAX_REPEAT + ", got " + repeat);
    }
    java.util.Objects.requireNonNull(order, "order");
    java.util.Objects.requireNonNull(seed, "seed");
  }

  public Repetitions withRepeat(int rounds) {
    return new Repetitions(rounds, order, seed);
  }

  public Repetitions withSeed(long value) {
    return new Repetitions(repeat, order, OptionalLong.of(value));
  }
}
