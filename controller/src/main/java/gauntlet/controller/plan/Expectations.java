package gauntlet.controller.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan's {@code expect:} section: expectations every cell must meet, and per runtime those
 * that replace (same figure) or add to them.
 *
 * @param all checked on every cell, in plan order
 * @param byRuntime a runtime's own expectations
 */
public record Expectations(List<Expectation> all, Map<String, List<Expectation>> byRuntime) {
  public static final Expectations NONE = new Expectations(List.of(), Map.of());

  public Expectations {
    all = List.copyOf(all);
    byRuntime = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byRuntime));
  }

  public boolean isEmpty() {
    return all.isEmpty() && byRuntime.isEmpty();
  }

  /** What a cell of {@code runtime} must meet: the plan's, with the runtime's in place of the same figure. */
  public List<Expectation> forRuntime(String runtime) {
    Map<Expectation.Figure, Expectation> merged = new LinkedHashMap<>();
    all.forEach(e -> merged.put(e.figure(), e));
    byRuntime.getOrDefault(runtime, List.of()).forEach(e -> merged.put(e.figure(), e));
    return new ArrayList<>(merged.values());
  }
}
