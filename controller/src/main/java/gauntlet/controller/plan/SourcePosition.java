package gauntlet.controller.plan;

/** Where something is in the plan file: 1-based line and column, or 0 when unknown. */
record SourcePosition(int line, int column) {
  static final SourcePosition UNKNOWN = new SourcePosition(0, 0);
}
