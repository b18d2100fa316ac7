package gauntlet.controller.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The order of the cells within each round of repetitions. Shuffling is the default: drift on a
 * shared machine (a neighbour's build, heat, a cache warming) then lands on every cell alike
 * instead of always on the one that runs last, which is what lets the intervals be read as the
 * cells' own variation (Kalibera and Jones's "randomise the order").
 */
public enum CellOrder {
  /** A new random order every round, from the run's recorded seed. */
  SHUFFLED,
  /** Plan order, started one cell later each round: every cell takes every position once per N rounds. */
  ROTATED,
  /** Plan order every round. */
  FIXED;

  /** The order of round {@code round} (from 0); {@code random} is the run's, seeded once. */
  public List<Cell> round(List<Cell> cells, int round, Random random) {
    List<Cell> order = new ArrayList<>(cells);
    switch (this) {
      case SHUFFLED -> Collections.shuffle(order, random);
      case ROTATED -> {
        if (!order.isEmpty()) {
          Collections.rotate(order, -(round % order.size()));
        }
      }
      case FIXED -> { }
    }
    return order;
  }

  /** As written in plans and results: {@code shuffled}, {@code rotated}, {@code fixed}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
