package gauntlet.agent.probe;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures the path from this agent to a {@link ThroughputSink}: round-trip time as TCP handshake
 * time (one SYN / SYN-ACK exchange per connect, no privileges needed, unlike ICMP), and
 * throughput as the sink counted it.
 */
public final class NetworkProbe {
  /** The longest throughput measurement an agent agrees to. */
  public static final Duration MAX_THROUGHPUT_TIME = Duration.ofSeconds(30);
  private static final int MAX_RTT_SAMPLES = 1000;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

  private NetworkProbe() {}

  /**
   * @param rttMillis min / avg / max round trip in milliseconds
   * @param bytes bytes the sink received
   * @param seconds how long the sink took to receive them
   */
  public record Result(double rttMinMs, double rttAvgMs, double rttMaxMs, long bytes, double seconds) {
    public double bitsPerSecond() {
      return seconds > 0 ? bytes * 8 / seconds : 0;
    }
  }

  public static Result measure(String host, int port, int rttSamples, Duration throughputTime) throws IOException {
    if (rttSamples < 1 || rttSamples > MAX_RTT_SAMPLES) {
      throw new IllegalArgumentException("rtt samples must be between 1 and " + MAX_RTT_SAMPLES + ", not " + rttSamples);
    }
    if (throughputTime.isNegative() || throughputTime.compareTo(MAX_THROUGHPUT_TIME) > 0) {
      throw new IllegalArgumentException("throughput time must be between 0 and "
          + MAX_THROUGHPUT_TIME.toSeconds() + " s, not " + throughputTime.toMillis() + " ms");
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    long min = Long.MAX_VALUE;
    long max = 0;
    long sum = 0;
    for (int i = 0; i < rttSamples; i++) {
      long rtt = handshake(address);
      min = Math.min(min, rtt);
      max = Math.max(max, rtt);
      sum += rtt;
    }
    long[] received = throughputTime.isZero() ? new long[] {0, 0} : stream(address, throughputTime);
    return new Result(min / 1e6, sum / 1e6 / rttSamples, max / 1e6, received[0], received[1] / 1e9);
  }

  private static long handshake(InetSocketAddress address) throws IOException {
    try (SocketChannel channel = SocketChannel.open()) {
      long start = System.nanoTime();
      channel.socket().connect(address, (int) CONNECT_TIMEOUT.toMillis());
      return System.nanoTime() - start;
    }
  }

  /** Sends for {@code time}, then returns what the sink says it received: {bytes, nanos}. */
  private static long[] stream(InetSocketAddress address, Duration time) throws IOException {
    try (SocketChannel channel = SocketChannel.open()) {
      // A sink that stops reading would block a write forever: closing the channel unblocks it.
      Duration limit = time.plus(ANSWER_TIMEOUT);
      CompletableFuture.delayedExecutor(limit.toMillis(), TimeUnit.MILLISECONDS).execute(() -> closeQuietly(channel));
      // No fixed SO_SNDBUF: a fixed one turns kernel autotuning off, and on a slow link (a few
      // Mbit/s under tbf) the megabytes still queued when sending stops take longer to drain than
      // the sink waits. Autotuning sizes the buffer to the path: large on loopback, small there.
      channel.socket().connect(address, (int) CONNECT_TIMEOUT.toMillis());
      ByteBuffer chunk = ByteBuffer.allocateDirect(256 * 1024);
      long end = System.nanoTime() + time.toNanos();
      while (System.nanoTime() < end) {
        chunk.clear();
        while (chunk.hasRemaining()) {
          channel.write(chunk);
        }
      }
      channel.shutdownOutput();
      DataInputStream answer = new DataInputStream(channel.socket().getInputStream());
      return new long[] {answer.readLong(), answer.readLong()};
    } catch (AsynchronousCloseException e) {
      throw new IOException("The probe sink at " + address + " did not take or acknowledge the data within "
          + time.plus(ANSWER_TIMEOUT).toSeconds() + " s", e);
    } catch (EOFException e) {
      throw new IOException("The probe sink at " + address + " closed without reporting what it received", e);
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Already closed: the measurement ended in time.
    }
  }
}
