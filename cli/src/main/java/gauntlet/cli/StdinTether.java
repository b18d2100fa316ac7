package gauntlet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import gauntlet.controller.provision.AgentAnnouncement;

/**
 * An agent tied to its parent's pipe ({@code gauntlet agent --exit-with-stdin}): it says where it
 * listens on stdout, and ends when stdin reaches end-of-file. Over SSH, that end-of-file is the
 * session closing — the controller finished or died — so the agent never outlives its controller.
 */
final class StdinTether {
  private StdinTether() {}

  static void announce(PrintStream out, String host, int port) {
    out.println(AgentAnnouncement.line(host, port));
    out.flush();
  }

  /** Blocks until {@code in} ends (or fails, which is the same for a pipe: the parent is gone). */
  static void awaitEof(InputStream in) {
    byte[] discard = new byte[256];
    try {
      while (in.read(discard) >= 0) {
        // Anything the controller writes is ignored; only the end matters.
      }
    } catch (IOException e) {
      // A broken pipe ends the tether as end-of-file does.
    }
  }
}
