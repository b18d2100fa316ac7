package gauntlet.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan keys of outcomes: {@code load.max_errors} and {@code expect:}. */
class OutcomeKeysTest {
  private static final String PLAN = """
      agents:
        local: local
      target:
        agent: local
        runtime: [node, go]
      load:
        url: http://{target}:3000/json
      """;

  @TempDir
  Path home;

  private Plan parse(String yaml) {
    return new PlanParser(home).read(yaml, "plan.yaml", home);
  }

  private String error(String yaml) {
    PlanException e = catchThrowableOfType(PlanException.class, () -> parse(yaml));
    assertThat(e).as(yaml).isNotNull();
    assertThat(e.getMessage()).doesNotContain("\n");
    return e.getMessage();
  }

  @Test
  void maxErrorsDefaultsToOnePercentAndTakesAPercentage() {
    assertThat(parse(PLAN).load().maxErrors()).isEqualTo(0.01).isEqualTo(LoadPlan.DEFAULT_MAX_ERRORS);
    assertThat(parse(PLAN + "  max_errors: 0.5%\n").load().maxErrors()).isEqualTo(0.005);
    assertThat(error(PLAN + "  max_errors: 0.5\n"))
        .isEqualTo("plan.yaml:8:15: load.max_errors: must be a percentage like 1% or 0.1%, got '0.5'");
  }

  @Test
  void expectationsArePerPlanAndPerRuntime() {
    Plan plan = parse(PLAN + """
        expect:
          rps: ">= 20000"
          p99: "< 25ms"
          runtime:
            node: {rps: ">= 10000"}
        """);

    assertThat(plan.expectations().forRuntime("node")).extracting(Expectation::toString)
        .containsExactly("rps >= 10000", "p99 < 25ms");
    assertThat(plan.expectations().forRuntime("go")).extracting(Expectation::toString)
        .containsExactly("rps >= 20000", "p99 < 25ms");
    assertThat(parse(PLAN).expectations().isEmpty()).isTrue();
  }

  @Test
  void aBadExpectationNamesItsFieldAndValue() {
    assertThat(error(PLAN + "expect:\n  p99: \"< 25\"\n")).startsWith(
        "plan.yaml:9:8: expect.p99: needs a duration like 25ms after <, got '< 25'");
    assertThat(error(PLAN + "expect:\n  runtime:\n    rust: {rps: \">= 1\"}\n")).isEqualTo(
        "plan.yaml:10:5: expect.runtime.rust: runtime 'rust' is not in target.runtime (node, go)");
    assertThat(error(PLAN + "expect:\n  p95: \"< 1ms\"\n")).contains("expect.p95: unknown key 'p95'");
  }
}
