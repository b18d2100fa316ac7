package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ResultsSchemaTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(RunResult run) throws Exception {
    return MAPPER.readTree(ResultsJsonWriter.render(run));
  }

  @Test
  void sampleRunsConform() throws Exception {
    ResultsSchema.assertValid(json(SampleRuns.phase4()));
  }

  @Test
  void theSchemaCatchesAMissingFieldAndAWrongType() throws Exception {
    ObjectNode broken = (ObjectNode) json(SampleRuns.phase4());
    broken.remove("cells_done");
    ((ObjectNode) broken.get("cells").get(0).get("errors")).put("timeout", "sixty");

    assertThat(ResultsSchema.violations(broken))
        .anySatisfy(v -> assertThat(v).contains("cells_done"))
        .anySatisfy(v -> assertThat(v).contains("/cells/0/errors/timeout"));
  }
}
