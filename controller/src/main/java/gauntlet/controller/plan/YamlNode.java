package gauntlet.controller.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML value with the line and column it was written at, so every error can point at it. */
sealed interface YamlNode {

  int line();

  int column();

  /** A mapping; keys keep their order and their own positions. */
  record Mapping(Map<String, YamlNode> entries, Map<String, int[]> keyPositions, int line, int column)
      implements YamlNode {
    public Mapping {
      entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
      keyPositions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keyPositions));
    }
  }

  record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }
  }

  /**
   * A scalar as written; {@code kind} tells how YAML typed it.
   *
   * @param text the scalar's text, null for YAML null
   */
  record Scalar(String text, Kind kind, int line, int column) implements YamlNode {
    enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }
  }

  /** What a person calls this kind of value, for messages. */
  static String describe(YamlNode node) {
    if (node instanceof Mapping) {
      return "a mapping";
    }
    if (node instanceof Sequence) {
      return "a list";
    }
    Scalar s = (Scalar) node;
    return s.kind() == Scalar.Kind.NULL ? "nothing" : "'" + s.text() + "'";
  }
}
