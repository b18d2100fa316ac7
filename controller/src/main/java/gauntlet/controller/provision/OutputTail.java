package gauntlet.controller.provision;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps the last lines a remote command wrote (its log, its error), for the message when it
 * fails; older lines are dropped, so a chatty agent costs a bounded amount of memory.
 */
final class OutputTail extends OutputStream {
  private static final int MAX_LINE = 2000;
  private final int maxLines;
  private final Deque<String> lines = new ArrayDeque<>();
  private final StringBuilder current = new StringBuilder();

  OutputTail(int maxLines) {
    this.maxLines = maxLines;
  }

  @Override
  public synchronized void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        push();
      } else if (current.length() < MAX_LINE) {
        current.append(c);
      }
    }
  }

  private void push() {
    lines.addLast(current.toString());
    current.setLength(0);
    while (lines.size() > maxLines) {
      lines.removeFirst();
    }
  }

  /** The kept lines joined by " | ", the unfinished one included; empty when nothing was written. */
  synchronized String text() {
    StringBuilder all = new StringBuilder();
    for (String line : lines) {
      if (!line.isBlank()) {
        all.append(all.length() == 0 ? "" : " | ").append(line.strip());
      }
    }
    if (!current.toString().isBlank()) {
      all.append(all.length() == 0 ? "" : " | ").append(current.toString().strip());
    }
    return all.toString();
  }
}
