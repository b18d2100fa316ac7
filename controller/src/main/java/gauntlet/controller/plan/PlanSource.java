package gauntlet.controller.plan;

import java.nio.file.Path;

/**
 * The plan file being read: its name as the user wrote it (for messages) and the folder relative
 * paths in it are resolved against.
 */
record PlanSource(String label, Path baseDirectory) {

  PlanException error(SourcePosition position, String field, String problem) {
    return new PlanException(label, position.line(), position.column(), field, problem);
  }

  PlanException error(YamlNode node, String field, String problem) {
    return error(node.position(), field, problem);
  }
}
