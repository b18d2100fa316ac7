package gauntlet.controller.plan;

import java.util.List;
import java.util.Optional;

/**
 * One mapping of the plan (the root, {@code target:}, {@code load:}, ...) with the keys it
 * allows: an unknown key is an error with a did-you-mean, a missing required one an error at the
 * mapping.
 */
final class MapSection {
  private final PlanSource source;
  private final String path;
  private final YamlNode.Mapping mapping;

  private MapSection(PlanSource source, String path, YamlNode.Mapping mapping) {
    this.source = source;
    this.path = path;
    this.mapping = mapping;
  }

  /**
   * @param path dotted path of this mapping; empty for the root
   * @param allowedKeys every key this mapping may hold, in the order the format documents them
   */
  static MapSection of(PlanSource source, String path, YamlNode node, List<String> allowedKeys) {
    if (!(node instanceof YamlNode.Mapping mapping)) {
      String what = path.isEmpty() ? "the plan" : path;
      throw source.error(node, path, what.equals("the plan")
          ? "the plan must be a YAML mapping with agents, target and load, got " + node.describe()
          : "must be a mapping of " + String.join(", ", allowedKeys) + ", got " + node.describe());
    }
    for (YamlNode.Entry entry : mapping.entries().values()) {
      if (!allowedKeys.contains(entry.key())) {
        throw source.error(entry.keyPosition(), child(path, entry.key()), "unknown key "
            + Values.quote(entry.key()) + Suggestions.didYouMean(entry.key(), allowedKeys)
            + " (allowed here: " + String.join(", ", allowedKeys) + ")");
      }
    }
    return new MapSection(source, path, mapping);
  }

  String path() {
    return path;
  }

  YamlNode.Mapping mapping() {
    return mapping;
  }

  /** Dotted path of a key of this mapping. */
  String field(String key) {
    return child(path, key);
  }

  /** The key's value; absent when the key is missing or written without a value ({@code key:}). */
  Optional<YamlNode> optional(String key) {
    return mapping.entry(key).map(YamlNode.Entry::value)
        .filter(v -> !(v instanceof YamlNode.Scalar scalar && scalar.isNull()));
  }

  /**
   * The key's value, or an error at this mapping.
   *
   * @param example how the key is typically written, shown in the error
   */
  YamlNode required(String key, String example) {
    return optional(key).orElseThrow(() -> source.error(
        mapping.entry(key).map(YamlNode.Entry::keyPosition).orElse(mapping.position()), field(key),
        "is required, e.g. " + example));
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
