package gauntlet.cli;

import gauntlet.controller.plan.CellOrder;
import gauntlet.controller.plan.Plan;
import gauntlet.controller.plan.Repetitions;
import java.util.Locale;
import java.util.OptionalLong;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --repeat N --order MODE --seed S} of {@code run} and {@code demo}: they override the plan's keys. */
final class RepetitionOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--repeat", paramLabel = "N",
      description = "Rounds: every cell runs N times, each on a fresh target (overrides the plan's repeat; 3 or more"
          + " gives confidence intervals and earned trophies).")
  Integer repeat;

  @Option(names = "--order", paramLabel = "MODE",
      description = "Cell order within each round: shuffled (default), rotated or fixed (overrides the plan's order).")
  String order;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of the shuffled order (overrides the plan's seed; the run records the one it used).")
  Long seed;

  /** The plan with the options' values in place of its own. */
  Plan apply(Plan plan) {
    Repetitions current = plan.repetitions();
    int rounds = current.repeat();
    if (repeat != null) {
      if (repeat < 1 || repeat > Repetitions.MAX_REPEAT) {
        throw new ParameterException(spec.commandLine(), "--repeat must be between 1 and " + Repetitions.MAX_REPEAT
            + ", not " + repeat);
      }
      rounds = repeat;
    }
    CellOrder mode = current.order();
    if (order != null) {
      try {
        mode = CellOrder.valueOf(order.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--order must be shuffled, rotated or fixed, not '" + order
            + "'");
      }
    }
    OptionalLong chosenSeed = seed != null ? OptionalLong.of(seed) : current.seed();
    return plan.withRepetitions(new Repetitions(rounds, mode, chosenSeed));
  }
}
