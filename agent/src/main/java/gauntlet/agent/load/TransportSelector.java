package gauntlet.agent.load;

import gauntlet.core.LoadTransport;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the transport a run gets: the one asked for when this platform has it, else the next of
 * its fallbacks, with a note saying so; {@code auto} takes the first of {@link #AUTO_ORDER} that is
 * there. Each transport is opened once per engine and shared by its runs (each run still gets its
 * own event loops).
 */
final class TransportSelector {
  /**
   * What {@code auto} tries, best first. epoll leads, by measurement on this kind of machine (2
   * vCPUs, Linux 6.18): idle, io_uring costs more generator CPU per request (bench/vs-wrk.sh,
   * 5 alternating rounds: 12.1 against 8.7 us; only under other builds' load was it cheaper), it
   * measures latency less
   * truly (a server answering after 10 ms: median 10.42-12.63 ms on io_uring against 10.34-10.39
   * on epoll, same JVM, alternating) and Netty's io_uring allocates ~150 bytes per request where
   * epoll allocates nothing. A load generator is first a measuring instrument, so io_uring is
   * there to ask for ({@code --transport io_uring}); docs/architecture.md has the figures.
   */
  static final List<LoadTransport> AUTO_ORDER = List.of(LoadTransport.EPOLL, LoadTransport.IO_URING, LoadTransport.NIO);
  /** Where a transport asked for by name falls back to, from the one asked for on. */
  private static final List<LoadTransport> FALLBACK_ORDER =
      List.of(LoadTransport.IO_URING, LoadTransport.EPOLL, LoadTransport.NIO);

  private final TransportPlatform platform;
  private final Map<LoadTransport, Transport> opened = new EnumMap<>(LoadTransport.class);
  private final Map<LoadTransport, TransportPick> picks = new EnumMap<>(LoadTransport.class);

  TransportSelector(TransportPlatform platform) {
    this.platform = platform;
  }

  /** The transport for a run that asks for {@code requested}; the same answer every time. */
  synchronized TransportPick pick(LoadTransport requested) {
    return picks.computeIfAbsent(requested, this::choose);
  }

  /** The transport {@link #pick} chose, opened. */
  synchronized Transport transport(TransportPick pick) {
    return opened.computeIfAbsent(pick.running(), platform::open);
  }

  private TransportPick choose(LoadTransport requested) {
    List<LoadTransport> candidates = requested == LoadTransport.AUTO ? AUTO_ORDER : fallbacks(requested);
    LoadTransport first = candidates.get(0);
    Optional<String> firstMissing = platform.unavailable(first);
    if (firstMissing.isEmpty()) {
      return new TransportPick(requested, first, Optional.empty());
    }
    for (LoadTransport next : candidates.subList(1, candidates.size())) {
      if (platform.unavailable(next).isEmpty()) {
        return new TransportPick(requested, next, Optional.of("transport " + first.text()
            + " is not available here (" + firstMissing.get() + "); running on " + next.text()));
      }
    }
    throw new IllegalStateException("no transport is available here, not even nio: " + firstMissing.get());
  }

  /** The requested transport, then the more portable ones after it (nio is the last resort). */
  private static List<LoadTransport> fallbacks(LoadTransport requested) {
    int at = FALLBACK_ORDER.indexOf(requested);
    return FALLBACK_ORDER.subList(at, FALLBACK_ORDER.size());
  }
}
