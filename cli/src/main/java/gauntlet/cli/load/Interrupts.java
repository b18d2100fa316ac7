package gauntlet.cli.load;

import gauntlet.agent.load.LoadRun;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While open, Ctrl-C (SIGINT) stops the run instead of the JVM, so that the partial summary is
 * printed and the command exits as after a full run, as wrk does. A shutdown hook cannot do this:
 * the JVM halts once its hooks return, racing the thread that prints. On close, the previous
 * handler is back.
 */
final class Interrupts implements AutoCloseable {
  private static final Signal INT = new Signal("INT");

  private final SignalHandler previous;

  private Interrupts(SignalHandler previous) {
    this.previous = previous;
  }

  static Interrupts stopping(LoadRun run) {
    return new Interrupts(Signal.handle(INT, signal -> run.stop()));
  }

  @Override
  public void close() {
    Signal.handle(INT, previous);
  }
}
