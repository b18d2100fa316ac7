package gauntlet.controller.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into {@link YamlNode}s that remember their line and column, rejecting what a
 * plan never needs and a generic mapper would silently accept: duplicate keys, aliases, several
 * documents, absurd nesting.
 */
final class YamlTreeReader {
  /** Far deeper than any plan; keeps recursion (and a hostile file) bounded. */
  static final int MAX_DEPTH = 32;

  private final YAMLFactory factory;
  private final PlanSource source;

  YamlTreeReader(PlanSource source) {
    this.source = source;
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit(PlanParser.MAX_PLAN_CHARS + 1);
    loader.setNestingDepthLimit(MAX_DEPTH + 1);
    this.factory = YAMLFactory.builder()
        .loaderOptions(loader)
        // "url:" with nothing after it is a missing value, while url: "" is an empty one.
        .configure(YAMLParser.Feature.EMPTY_STRING_AS_NULL, true)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH + 1)
            .maxStringLength(PlanParser.MAX_PLAN_CHARS)
            .maxNumberLength(100)
            .build())
        .build();
  }

  /** The single document of {@code text}, or null when the text holds no document at all. */
  YamlNode read(String text) {
    try (JsonParser parser = factory.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return null;
      }
      YamlNode root = readValue(parser, "", 0);
      if (parser.nextToken() != null) {
        throw source.error(position(parser.currentTokenLocation()), "",
            "the file holds more than one YAML document; a plan is a single document (remove the extra '---')");
      }
      return root;
    } catch (PlanException e) {
      throw e;
    } catch (StreamConstraintsException e) {
      throw source.error(e.getLocation() == null ? SourcePosition.UNKNOWN : position(e.getLocation()), "",
          "nested more than " + MAX_DEPTH + " levels deep or too long; a plan needs 3 levels and a few kilobytes");
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException | RuntimeException e) {
      // SnakeYAML and Jackson signal some malformed input with unchecked exceptions; whatever
      // they throw, the user gets one line saying the YAML is malformed.
      throw source.error(SourcePosition.UNKNOWN, "", "malformed YAML: " + oneLine(e.toString()));
    }
  }

  private YamlNode readValue(JsonParser parser, String path, int depth) throws IOException {
    SourcePosition at = position(parser.currentTokenLocation());
    if (depth > MAX_DEPTH) {
      throw source.error(at, path, "nested more than " + MAX_DEPTH + " levels deep; a plan needs at most 3");
    }
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      throw source.error(at, path, "YAML aliases (*" + parser.getText()
          + ") are not supported in plans; write the value out");
    }
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> readMapping(parser, path, depth, at);
      case START_ARRAY -> readSequence(parser, path, depth, at);
      case VALUE_STRING -> new YamlNode.Scalar(at, YamlNode.ScalarKind.STRING, parser.getText(), null);
      case VALUE_NUMBER_INT -> new YamlNode.Scalar(at, YamlNode.ScalarKind.INTEGER, parser.getText(),
          parser.getNumberValue());
      case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(at, YamlNode.ScalarKind.DECIMAL, parser.getText(),
          parser.getDecimalValue());
      case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(at, YamlNode.ScalarKind.BOOLEAN,
          Boolean.toString(token == JsonToken.VALUE_TRUE), null);
      case VALUE_NULL -> new YamlNode.Scalar(at, YamlNode.ScalarKind.NULL, "", null);
      default -> throw source.error(at, path, "unsupported YAML value (" + token
          + "); plans hold only mappings, lists, text, numbers and booleans");
    };
  }

  private YamlNode.Mapping readMapping(JsonParser parser, String path, int depth, SourcePosition at)
      throws IOException {
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      SourcePosition keyAt = position(parser.currentTokenLocation());
      String keyPath = path.isEmpty() ? key : path + "." + key;
      YamlNode.Entry earlier = entries.get(key);
      if (earlier != null) {
        throw source.error(keyAt, keyPath, "duplicate key '" + key + "', already defined at line "
            + earlier.keyPosition().line() + "; keep one of them");
      }
      parser.nextToken();
      entries.put(key, new YamlNode.Entry(key, keyAt, readValue(parser, keyPath, depth + 1)));
    }
    return new YamlNode.Mapping(at, entries);
  }

  private YamlNode.Sequence readSequence(JsonParser parser, String path, int depth, SourcePosition at)
      throws IOException {
    List<YamlNode> items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      items.add(readValue(parser, path + "[" + items.size() + "]", depth + 1));
    }
    return new YamlNode.Sequence(at, items);
  }

  private PlanException malformed(JsonProcessingException e) {
    SourcePosition at = e.getLocation() == null ? SourcePosition.UNKNOWN : position(e.getLocation());
    String problem = e.getOriginalMessage();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException yaml) {
        // SnakeYAML's message spans several lines with carets; its problem and context say it all.
        problem = yaml.getProblem();
        if (yaml.getProblemMark() != null) {
          at = new SourcePosition(yaml.getProblemMark().getLine() + 1, yaml.getProblemMark().getColumn() + 1);
        }
        if (yaml.getContext() != null && yaml.getContextMark() != null) {
          problem += " (" + yaml.getContext() + " that starts at line " + (yaml.getContextMark().getLine() + 1) + ")";
        } else if (yaml.getContext() != null) {
          problem += " (" + yaml.getContext() + ")";
        }
        break;
      }
    }
    return new PlanException(source.label(), at.line(), at.column(), "",
        "malformed YAML: " + oneLine(problem == null ? e.toString() : problem) + "; check the indentation and quoting there", e);
  }

  private static SourcePosition position(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return SourcePosition.UNKNOWN;
    }
    return new SourcePosition(location.getLineNr(), Math.max(0, location.getColumnNr()));
  }

  private static String oneLine(String text) {
    String flat = text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
  }
}
