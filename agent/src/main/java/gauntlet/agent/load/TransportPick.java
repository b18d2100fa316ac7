package gauntlet.agent.load;

import gauntlet.core.LoadTransport;
import java.util.Optional;

/**
 * The transport a run gets for the one it asked for.
 *
 * @param requested what the command line, plan or wire asked for
 * @param running what runs: {@code requested}, the best of this platform for {@code auto}, or the
 *     fallback when the requested one is not available here
 * @param note one line saying what was substituted and why; empty when nothing was
 */
public record TransportPick(LoadTransport requested, LoadTransport running, Optional<String> note) {}
