package gauntlet.controller.report;

import gauntlet.controller.stats.RatioInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Which column wins a row, and whether it earned it. The best value among the columns that have
 * one (compared as displayed, so two that print the same figure tie) gets 🏆 only when its lead
 * over the runner-up is beyond noise: with {@link #MIN_REPEAT} or more repetitions on both sides,
 * when the 95 % interval of their ratio excludes 1 (Welch on logs, {@link RatioInterval}); with
 * fewer, when the lead exceeds {@link #NOISE_FLOOR}. Otherwise the best is marked ≈.
 */
final class Trophies {
  static final String TROPHY = "🏆";
  static final String WITHIN_NOISE = "≈";
  /** Fewer repetitions than this give no usable interval for a lead (t with 1 degree of freedom spans everything). */
  static final int MIN_REPEAT = 3;
  /**
   * A single run's lead must exceed this share to count: back-to-back rounds of one server on a
   * shared VM differ by up to 30 % (issue 12, measured on the article's kind of cloud VM; TechEmpower
   * reports up to 25 %), so a smaller lead from one run says nothing.
   */
  static final double NOISE_FLOOR = 0.30;

  /** Which way is better for a row. */
  enum Better { HIGHER, LOWER, NONE }

  /** What the best column gets. */
  enum Mark { NONE, TROPHY, WITHIN_NOISE }

  /**
   * @param best the best column's index, -1 for none
   * @param lead best over runner-up (runner-up over best for LOWER: above 1 either way), when computed
   */
  record Award(int best, Mark mark, Optional<RatioInterval> lead) {
    static final Award NONE = new Award(-1, Mark.NONE, Optional.empty());
  }

  private Trophies() {}

  /**
   * @param values the shown value of each column, empty where the column does not compete
   * @param shown the text each column displays (before decoration)
   * @param runs each column's values per repetition (the shown value is their mean)
   * @param eligible false when the table measured something other than the servers: then no trophy
   */
  static Award award(List<OptionalDouble> values, List<String> shown, List<double[]> runs, Better better,
      boolean eligible) {
    if (better == Better.NONE) {
      return Award.NONE;
    }
    List<Integer> contenders = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i).isPresent()) {
        contenders.add(i);
      }
    }
    if (contenders.size() < 2) {
      return Award.NONE;
    }
    contenders.sort((x, y) -> {
      int order = Double.compare(values.get(x).getAsDouble(), values.get(y).getAsDouble());
      return better == Better.HIGHER ? -order : order;
    });
    int best = contenders.get(0);
    int runnerUp = contenders.get(1);
    if (shown.get(runnerUp).equals(shown.get(best))) {
      return new Award(best, eligible ? Mark.WITHIN_NOISE : Mark.NONE, Optional.empty());
    }
    double[] winner = runs.get(best);
    double[] second = runs.get(runnerUp);
    // Oriented so that a lead is above 1 for either direction.
    RatioInterval lead = better == Better.HIGHER ? RatioInterval.welchOnLogs(winner, second)
        : RatioInterval.welchOnLogs(second, winner);
    boolean earned;
    if (Math.min(winner.length, second.length) >= MIN_REPEAT) {
      earned = lead.significant() && lead.ratio() > 1;
    } else {
      double a = values.get(best).getAsDouble();
      double b = values.get(runnerUp).getAsDouble();
      double ratio = better == Better.HIGHER ? a / b : b / a;
      earned = ratio > 1 + NOISE_FLOOR;
    }
    if (!eligible) {
      return new Award(best, Mark.NONE, Optional.of(lead));
    }
    return new Award(best, earned ? Mark.TROPHY : Mark.WITHIN_NOISE, Optional.of(lead));
  }
}
