package gauntlet.controller.plan;

import java.util.Map;

/** References from {@code target.agent} and {@code load.agents} to the plan's {@code agents:}. */
final class AgentNames {
  private AgentNames() {}

  /**
   * The agent named by {@code key}; when the key is absent and the plan defines exactly one agent,
   * that one (nothing else could be meant).
   */
  static String reference(Values values, MapSection section, String key, Map<String, AgentEndpoint> agents,
      String example) {
    if (section.optional(key).isEmpty() && agents.size() == 1) {
      return agents.keySet().iterator().next();
    }
    YamlNode node = section.required(key, example);
    return defined(values, section.field(key), node, agents);
  }

  /** The name in {@code node}, which must be one of {@code agents}. */
  static String defined(Values values, String field, YamlNode node, Map<String, AgentEndpoint> agents) {
    String name = values.text(field, node);
    if (!agents.containsKey(name)) {
      throw values.source().error(node, field, "no agent named " + Values.quote(name)
          + Suggestions.didYouMean(name, agents.keySet()) + " (agents: " + String.join(", ", agents.keySet()) + ")");
    }
    return name;
  }
}
