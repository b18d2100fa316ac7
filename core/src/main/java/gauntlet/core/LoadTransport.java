package gauntlet.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The socket transport a load run asks for: {@code gauntlet load --transport}, the plan's
 * {@code load.transport} and the wire's {@code LoadSpec.transport} all name one of these.
 * {@link #AUTO} lets the agent take what measured best on its platform; a native transport the
 * platform lacks falls back to the next one, and the run records the transport that actually ran.
 */
public enum LoadTransport {
  AUTO("auto"),
  IO_URING("io_uring"),
  EPOLL("epoll"),
  NIO("nio");

  private final String text;

  LoadTransport(String text) {
    this.text = text;
  }

  /** The name as written on the command line, in plans, on the wire and in results. */
  public String text() {
    return text;
  }

  /**
   * The transport named {@code text} (case-insensitive; {@code io-uring} is taken for
   * {@code io_uring}); empty or null means {@link #AUTO}, as on the wire when a controller sends none.
   *
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static LoadTransport parse(String text) {
    if (text == null || text.isBlank()) {
      return AUTO;
    }
    String wanted = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (LoadTransport transport : values()) {
      if (transport.text.equals(wanted)) {
        return transport;
      }
    }
    throw new IllegalArgumentException("transport '" + text + "' is not one of " + choices());
  }

  /** "auto, io_uring, epoll, nio": for help texts and errors. */
  public static String choices() {
    return Arrays.stream(values()).map(LoadTransport::text).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return text;
  }
}
