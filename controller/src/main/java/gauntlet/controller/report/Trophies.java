package gauntlet.controller.report;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Which column wins a row: the best value among the columns that have one, compared as displayed
 * (so two runtimes that print the same figure tie). No winner with fewer than two contenders or on
 * a tie.
 */
final class Trophies {
  static final String TROPHY = "🏆";

  /** Which way is better for a row. */
  enum Better { HIGHER, LOWER, NONE }

  private Trophies() {}

  /**
   * @param values the numeric value of each column, empty where the column does not compete
   * @param shown the text each column displays (before decoration)
   * @return the winning column's index, or -1
   */
  static int winner(List<OptionalDouble> values, List<String> shown, Better better) {
    if (better == Better.NONE) {
      return -1;
    }
    List<Integer> contenders = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i).isPresent()) {
        contenders.add(i);
      }
    }
    if (contenders.size() < 2) {
      return -1;
    }
    int best = contenders.get(0);
    for (int i : contenders) {
      double v = values.get(i).getAsDouble();
      double b = values.get(best).getAsDouble();
      if (better == Better.HIGHER ? v > b : v < b) {
        best = i;
      }
    }
    for (int i : contenders) {
      if (i != best && shown.get(i).equals(shown.get(best))) {
        return -1;
      }
    }
    return best;
  }
}
