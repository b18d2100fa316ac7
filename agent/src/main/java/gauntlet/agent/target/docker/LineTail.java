package gauntlet.agent.target.docker;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines of a stream of text chunks (build output, container logs). Thread-safe. */
final class LineTail {
  private final int maxLines;
  private final Deque<String> lines = new ArrayDeque<>();
  private final StringBuilder partial = new StringBuilder();

  LineTail(int maxLines) {
    if (maxLines < 1) {
      throw new IllegalArgumentException("A tail keeps at least one line, not " + maxLines);
    }
    this.maxLines = maxLines;
  }

  /** Appends a chunk that may hold several lines or end mid-line. */
  synchronized void append(String chunk) {
    if (chunk == null) {
      return;
    }
    for (int i = 0; i < chunk.length(); i++) {
      char c = chunk.charAt(i);
      if (c == '\n') {
        push(partial.toString());
        partial.setLength(0);
      } else if (c != '\r') {
        partial.append(c);
      }
    }
  }

  /** The kept lines, newline-terminated, including an unterminated last line. */
  synchronized String text() {
    StringBuilder text = new StringBuilder();
    Deque<String> all = new ArrayDeque<>(lines);
    if (partial.length() > 0) {
      all.addLast(partial.toString());
      if (all.size() > maxLines) {
        all.removeFirst();
      }
    }
    for (String line : all) {
      text.append(line).append('\n');
    }
    return text.toString();
  }

  private void push(String line) {
    lines.addLast(line);
    if (lines.size() > maxLines) {
      lines.removeFirst();
    }
  }
}
