package gauntlet.controller.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link YamlNode}s that remember where they were written. Duplicate keys are an
 * error (two agents of the same name must not silently become one).
 */
final class YamlReader {
  private static final int MAX_DEPTH = 64;
  private final YAMLFactory factory = YAMLFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(1 << 20).build())
      .build();
  private final String source;

  YamlReader(String source) {
    this.source = source;
  }

  YamlNode read(String text) {
    try (JsonParser parser = factory.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new PlanException(source + ": the plan is empty; it needs at least agents, target and load");
      }
      YamlNode root = value(parser, first, 0);
      JsonToken extra = parser.nextToken();
      if (extra != null) {
        throw error(parser.currentTokenLocation(), "the plan holds more than one YAML document; keep one");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String message = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
      throw error(at, "not valid YAML: " + firstLine(message));
    } catch (IOException e) {
      throw new PlanException(source + ": cannot read the plan: " + e.getMessage(), e);
    } catch (PlanException e) {
      throw e;
    } catch (RuntimeException e) {
      // SnakeYAML reports some malformed input with its own unchecked exceptions.
      throw new PlanException(source + ": not valid YAML: " + firstLine(String.valueOf(e.getMessage())), e);
    }
  }

  private YamlNode value(JsonParser parser, JsonToken token, int depth) throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    int line = at.getLineNr();
    int column = at.getColumnNr();
    if (depth > MAX_DEPTH) {
      throw error(at, "the plan nests deeper than " + MAX_DEPTH + " levels");
    }
    switch (token) {
      case START_OBJECT -> {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, int[]> positions = new LinkedHashMap<>();
        JsonToken next;
        while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          JsonLocation keyAt = parser.currentTokenLocation();
          if (entries.containsKey(key)) {
            int[] first = positions.get(key);
            throw error(keyAt, "'" + key + "' appears twice in the same section (first at line " + first[0] + ")");
          }
          positions.put(key, new int[] {keyAt.getLineNr(), keyAt.getColumnNr()});
          entries.put(key, value(parser, parser.nextToken(), depth + 1));
        }
        if (next != JsonToken.END_OBJECT) {
          throw error(parser.currentTokenLocation(), "unexpected " + next + " in a mapping");
        }
        return new YamlNode.Mapping(entries, positions, line, column);
      }
      case START_ARRAY -> {
        List<YamlNode> items = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
          if (next == null) {
            throw error(parser.currentTokenLocation(), "a list is not closed");
          }
          items.add(value(parser, next, depth + 1));
        }
        return new YamlNode.Sequence(items, line, column);
      }
      case VALUE_STRING -> {
        return new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.STRING, line, column);
      }
      case VALUE_NUMBER_INT -> {
        return new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.INTEGER, line, column);
      }
      case VALUE_NUMBER_FLOAT -> {
        return new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.DECIMAL, line, column);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.BOOLEAN, line, column);
      }
      case VALUE_NULL -> {
        return new YamlNode.Scalar(null, YamlNode.Scalar.Kind.NULL, line, column);
      }
      default -> throw error(at, "unexpected " + token);
    }
  }

  private PlanException error(JsonLocation at, String message) {
    if (at == null || at.getLineNr() < 1) {
      return new PlanException(source + ": " + message);
    }
    return new PlanException(source + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": " + message);
  }

  private static String firstLine(String message) {
    String line = message.lines().map(String::strip).filter(s -> !s.isEmpty()).findFirst().orElse(message);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
