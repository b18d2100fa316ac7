package gauntlet.controller.run;

import java.util.List;

/** Agent names for a progress line: all of a few, the first of many and how many more. */
final class AgentNames {
  /** More than this many are shortened. */
  static final int LISTED = 3;

  private AgentNames() {}

  static String listed(List<String> names) {
    if (names.size() <= LISTED) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, LISTED)) + " and " + (names.size() - LISTED) + " more agents";
  }
}
