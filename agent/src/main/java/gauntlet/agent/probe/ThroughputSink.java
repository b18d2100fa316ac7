package gauntlet.agent.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP sink other agents measure their path against. Each connection's bytes are counted from the
 * first byte to the sender's end of stream; the sink then answers with 16 bytes (bytes received,
 * nanoseconds taken), so the sender learns the throughput as the receiver saw it, unblurred by its
 * own socket buffers. Connections that send nothing are RTT probes and are simply closed.
 *
 * <p>It accepts one connection at a time and closes itself after its time to live.
 */
public final class ThroughputSink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ThroughputSink.class);

  private final ServerSocketChannel server;
  private final Thread acceptor;
  private final ScheduledExecutorService expiry;

  private ThroughputSink(ServerSocketChannel server, Duration ttl) {
    this.server = server;
    this.acceptor = new Thread(this::serve, "gauntlet-probe-sink");
    this.acceptor.setDaemon(true);
    this.expiry = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "gauntlet-probe-sink-expiry");
      t.setDaemon(true);
      return t;
    });
    expiry.schedule(this::close, ttl.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Listens on {@code bindHost} (empty: every address) on a free port.
   *
   * @throws UncheckedIOException naming the address when it cannot listen
   */
  public static ThroughputSink open(String bindHost, Duration ttl) {
    try {
      ServerSocketChannel server = ServerSocketChannel.open();
      server.bind(bindHost == null || bindHost.isBlank() ? new InetSocketAddress(0) : new InetSocketAddress(bindHost, 0));
      ThroughputSink sink = new ThroughputSink(server, ttl);
      sink.acceptor.start();
      return sink;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open a probe sink on '" + bindHost + "': " + e.getMessage(), e);
    }
  }

  public int port() {
    try {
      return ((InetSocketAddress) server.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void serve() {
    while (server.isOpen()) {
      try (SocketChannel connection = server.accept()) {
        connection.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        drain(connection);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        log.debug("Probe connection failed: {}", e.toString());
      }
    }
  }

  private static void drain(SocketChannel connection) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
    long bytes = 0;
    long first = 0;
    int read;
    while ((read = connection.read(buffer)) >= 0) {
      if (read > 0 && bytes == 0) {
        first = System.nanoTime();
      }
      bytes += read;
      buffer.clear();
    }
    if (bytes == 0) {
      return;
    }
    long nanos = System.nanoTime() - first;
    ByteBuffer answer = ByteBuffer.allocate(16).putLong(bytes).putLong(nanos).flip();
    while (answer.hasRemaining()) {
      connection.write(answer);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      log.debug("Closing the probe sink: {}", e.toString());
    }
    expiry.shutdownNow();
  }
}
