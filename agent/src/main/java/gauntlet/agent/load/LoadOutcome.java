package gauntlet.agent.load;

/**
 * How a run went, on the wall clock.
 *
 * @param startedUnixNanos warm-up start (the first request)
 * @param measuredStartUnixNanos end of the warm-up, start of the measured window
 * @param endedUnixNanos end of the measured window
 * @param stoppedEarly true when {@link LoadRun#stop()} ended it before its duration
 */
public record LoadOutcome(
    long startedUnixNanos, long measuredStartUnixNanos, long endedUnixNanos, boolean stoppedEarly) {}
