package gauntlet.controller.compare;

import gauntlet.controller.stats.Interval;
import java.util.Optional;

/**
 * One figure of one matched cell, from the base run to the new one.
 *
 * @param ratio new over base (geometric means of the repetitions)
 * @param ci95 the ratio's 95 % interval, when both sides have two or more repetitions
 * @param significant beyond noise: the interval excludes 1, or without one, the change exceeds the noise floor
 * @param regression significant, worse, and worse by more than the allowed regression
 */
public record FigureChange(String figure, double base, double current, double ratio, Optional<Interval> ci95,
    boolean significant, boolean regression) {

  /** The change as a share: -0.49 for a figure that lost 49 %. */
  public double change() {
    return ratio - 1;
  }
}
