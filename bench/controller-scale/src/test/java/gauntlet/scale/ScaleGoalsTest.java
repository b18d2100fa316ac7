package gauntlet.scale;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScaleGoalsTest {

  @Test
  void aRunWithinEveryGoalSaysAllMet() {
    ScaleGoals goals = new ScaleGoals(1000, 0.045, 1.07, true);

    assertThat(goals.met()).isTrue();
    assertThat(goals.verdict()).isEqualTo("goals: controller CPU <= 5 % of a core met (4.5 %), start scheduled <= 2 s"
        + " met (1.07 s), merged counts exact met: all met");
  }

  @Test
  void theGoalsAreInclusiveAtTheirBounds() {
    assertThat(new ScaleGoals(1000, 0.05, 2.0, true).met()).isTrue();
  }

  @Test
  void aControllerOverFivePercentOfACoreMissesEvenWithTheRestMet() {
    ScaleGoals goals = new ScaleGoals(1000, 0.092, 1.5, true);

    assertThat(goals.cpuMet()).isFalse();
    assertThat(goals.met()).isFalse();
    assertThat(goals.verdict()).contains("of a core MISSED (9.2 %)", "<= 2 s met (1.50 s)").endsWith(": missed");
  }

  @Test
  void aLateStartOrAWrongCountMisses() {
    assertThat(new ScaleGoals(1000, 0.04, 2.01, true).verdict()).contains("<= 2 s MISSED (2.01 s)").endsWith("missed");
    assertThat(new ScaleGoals(1000, 0.04, 1.0, false).verdict()).contains("merged counts exact MISSED");
  }

  @Test
  void aSmallerRunIsJudgedAndSaysTheGoalsAreForAThousandAgents() {
    assertThat(new ScaleGoals(100, 0.01, 0.5, true).verdict())
        .startsWith("goals (stated for 1,000 agents; this run had 100): ").endsWith("all met");
  }
}
