package gauntlet.controller.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the plan's {@code expect:} section, e.g. {@code expect: {rps: ">= 20000", p99: "< 25ms"}}. */
final class ExpectSection {
  static final String BY_RUNTIME = "runtime";
  static final List<String> FIGURE_KEYS = java.util.Arrays.stream(Expectation.Figure.values())
      .map(Expectation.Figure::key).toList();
  static final List<String> KEYS = java.util.stream.Stream.concat(FIGURE_KEYS.stream(), java.util.stream.Stream.of(
      BY_RUNTIME)).toList();

  private final Values values;

  ExpectSection(Values values) {
    this.values = values;
  }

  Expectations read(YamlNode node, List<String> runtimes) {
    MapSection section = MapSection.of(values.source(), "expect", node, KEYS);
    List<Expectation> all = figures(section);
    Map<String, List<Expectation>> byRuntime = new LinkedHashMap<>();
    section.optional(BY_RUNTIME).ifPresent(n -> {
      String field = section.field(BY_RUNTIME);
      if (!(n instanceof YamlNode.Mapping mapping)) {
        throw values.source().error(n, field, "must map runtimes to their expectations, e.g. runtime: {node: {rps:"
            + " \">= 10000\"}}, got " + n.describe());
      }
      for (YamlNode.Entry entry : mapping.entries().values()) {
        String runtime = Runtimes.builtIn(entry.key()).orElse(entry.key());
        if (!runtimes.contains(runtime)) {
          throw values.source().error(entry.keyPosition(), field + "." + entry.key(), "runtime "
              + Values.quote(entry.key()) + " is not in target.runtime (" + String.join(", ", runtimes) + ")");
        }
        byRuntime.put(runtime, figures(MapSection.of(values.source(), field + "." + entry.key(), entry.value(),
            FIGURE_KEYS)));
      }
    });
    return new Expectations(all, byRuntime);
  }

  private List<Expectation> figures(MapSection section) {
    List<Expectation> expectations = new ArrayList<>();
    for (String key : FIGURE_KEYS) {
      section.optional(key).ifPresent(n -> {
        String field = section.field(key);
        try {
          expectations.add(Expectation.parse(key, values.text(field, n)));
        } catch (IllegalArgumentException e) {
          throw values.source().error(n, field, e.getMessage());
        }
      });
    }
    return expectations;
  }
}
