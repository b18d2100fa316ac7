package gauntlet.controller.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML value with the position it came from, so every error can point at its line and column
 * (Jackson's own trees forget positions).
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

  SourcePosition position();

  /** How the value reads in an error message: {@code 'text'}, {@code a list}, ... */
  String describe();

  /** A key of a mapping with the position of the key itself (unknown keys are reported there). */
  record Entry(String key, SourcePosition keyPosition, YamlNode value) {}

  /** A mapping in file order; keys are unique (the reader rejects duplicates). */
  record Mapping(SourcePosition position, Map<String, Entry> entries) implements YamlNode {
    public Mapping {
      entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
    }

    Optional<Entry> entry(String key) {
      return Optional.ofNullable(entries.get(key));
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** A sequence ({@code [a, b]} or {@code - a} items). */
  record Sequence(SourcePosition position, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** What kind of scalar the YAML parser recognised. */
  enum ScalarKind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

  /**
   * A single value.
   *
   * @param text the value as written (numbers: as the parser read them)
   * @param number the numeric value for INTEGER and DECIMAL, else null
   */
  record Scalar(SourcePosition position, ScalarKind kind, String text, Number number) implements YamlNode {
    boolean isNull() {
      return kind == ScalarKind.NULL;
    }

    @Override
    public String describe() {
      return kind == ScalarKind.NULL ? "nothing" : Values.quote(text);
    }
  }
}
