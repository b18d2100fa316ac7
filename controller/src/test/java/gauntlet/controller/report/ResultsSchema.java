package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** docs/results.schema.json, for tests: every results.json a test sees must satisfy it. */
public final class ResultsSchema {
  private static final Schema SCHEMA = load();

  private ResultsSchema() {}

  /** The repository's docs folder, from any module's directory. */
  public static Path file() {
    Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    return module.resolve("../docs/results.schema.json").normalize();
  }

  private static Schema load() {
    try {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(Files.readString(file()), InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file(), e);
    }
  }

  /** The schema's complaints about a document; empty when it conforms. */
  public static List<String> violations(JsonNode results) {
    List<Error> errors = SCHEMA.validate(results);
    return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }

  /** Fails the test, listing every violation, unless {@code results} conforms. */
  public static JsonNode assertValid(JsonNode results) {
    assertThat(violations(results)).as("results.json against docs/results.schema.json").isEmpty();
    return results;
  }
}
