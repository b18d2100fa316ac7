package gauntlet.agent.load;

import gauntlet.core.IntervalSnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gauntlet.core.LoadTransport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hot path allocates nothing per request: over the steady middle of a run (its 3rd to 5th
 * seconds), the event loop threads allocate less than a byte per request on epoll. What
 * remains is per interval, not per request: one small record a second per loop. On io_uring,
 * Netty 4.2 itself allocates an {@code IoUringIoOps} per submitted operation, a send and a receive
 * per request (JFR: nothing else on the loop threads): 147-149 bytes a request measured, 5 when C2
 * happened to scalar-replace them. The bound keeps anything of the engine's own from creeping in.
 */
class LoadEngineAllocationIT {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static ResourceLeakDetector.Level leakDetection;

  /**
   * As the gauntlet command runs it: Netty's leak detector samples one buffer in 128 and takes a
   * stack trace for it, which a load generator cannot afford on its hot path. Other tests keep
   * it on, to catch real leaks.
   */
  @BeforeAll
  static void runAsTheCommandDoes() {
    leakDetection = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
  }

  @AfterAll
  static void restore() {
    ResourceLeakDetector.setLevel(leakDetection);
  }

  /** Netty's io_uring submission descriptors, two per request, with room for their bookkeeping. */
  private static final double IO_URING_NETTY_BYTES_PER_REQUEST = 200;

  @Test
  void closedModelAllocatesNothingPerRequestInSteadyState() {
    assertSteadyStateAllocation(LoadTransport.EPOLL, 0, 1.0);
  }

  @Test
  void openModelAllocatesNothingPerRequestInSteadyState() {
    assertSteadyStateAllocation(LoadTransport.EPOLL, 4000, 1.0);
  }

  @Test
  void onIoUringOnlyNettysOwnSubmissionDescriptorsAreAllocatedPerRequest() {
    assertSteadyStateAllocation(LoadTransport.IO_URING, 0, IO_URING_NETTY_BYTES_PER_REQUEST);
    assertSteadyStateAllocation(LoadTransport.IO_URING, 4000, IO_URING_NETTY_BYTES_PER_REQUEST);
  }

  /** Reads the loops' allocation at the end of the 2nd and of the 5th interval. */
  private static final class SteadyMiddle implements LoadListener {
    int intervals;
    long bytesBefore;
    long bytesAfter;
    long requests;

    @Override
    public synchronized void interval(IntervalSnapshot snapshot) {
      intervals++;
      if (intervals == 2) {
        bytesBefore = loopThreadBytes();
      } else if (intervals >= 3 && intervals <= 5) {
        requests += snapshot.requests();
        if (intervals == 5) {
          bytesAfter = loopThreadBytes();
        }
      }
    }
  }

  private static void assertSteadyStateAllocation(LoadTransport transport, double rate, double bytesPerRequest) {
    Optional<String> missing = new NettyTransports().unavailable(transport);
    assumeTrue(missing.isEmpty(), () -> transport + " is not available here: " + missing.orElse(""));
    try (TestHttpServer server = new TestHttpServer(TestHttpServer.immediate()); LoadEngine engine = new LoadEngine()) {
      LoadOptions options = new LoadOptions(server.url(), "GET", Map.of(), new byte[0], 2, 32, Duration.ofSeconds(6),
          Duration.ZERO, Duration.ofSeconds(2), rate, Duration.ofSeconds(1), transport);
      engine.warmUp(options, Duration.ofSeconds(2), Duration.ofSeconds(10));
      SteadyMiddle middle = new SteadyMiddle();
      engine.start(options, 0, middle).completion().orTimeout(60, TimeUnit.SECONDS).join();

      long allocated = middle.bytesAfter - middle.bytesBefore;
      double perRequest = (double) allocated / middle.requests;
      System.out.printf("event loops allocated %,d bytes over %,d requests: %.3f bytes/request (%s, %s)%n",
          allocated, middle.requests, perRequest, rate > 0 ? "open model, " + rate + " req/s" : "closed model",
          transport);
      assertThat(middle.requests).isGreaterThan(rate > 0 ? (long) (rate * 2) : 5_000);
      assertThat(perRequest).isLessThan(bytesPerRequest);
    }
  }

  /** Bytes allocated so far by the live load event loop threads. */
  private static long loopThreadBytes() {
    long[] ids = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("gauntlet-load-") && !t.getName().startsWith("gauntlet-load-run"))
        .mapToLong(Thread::getId).toArray();
    long[] bytes = THREADS.getThreadAllocatedBytes(ids);
    return Arrays.stream(bytes).filter(b -> b > 0).sum();
  }
}
