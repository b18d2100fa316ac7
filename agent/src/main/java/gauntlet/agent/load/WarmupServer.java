package gauntlet.agent.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * The loopback server the JIT warm-up loads: one thread, plain java.nio, answering every request
 * head with the next of a few responses shaped like the article's servers'.
 *
 * <p>Two things matter for the code the JIT compiles. The responses carry the headers real servers
 * send (the parser's header matching was compiled again inside measured runs when the warm-up
 * answered a bare {@code Content-Length: 2}). And the server is not built on Netty, so every Netty
 * call site the warm-up profiles sees only the load engine's handler, as in a real run.
 */
final class WarmupServer implements AutoCloseable {
  private static final String DATE = "Date: Sun, 29 Nov 2026 06:00:00 GMT\r\n";
  private static final List<byte[]> RESPONSES = List.of(
      // Go's net/http
      sized("Content-Type: application/json\r\n" + DATE, "{\"message\":\"Hello from Go!\"}"),
      // Node's http
      sized("Content-Type: application/json\r\n" + DATE + "Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n",
          "{\"message\":\"Hello from Node!\"}"),
      // Bun.serve
      sized("content-type: application/json;charset=utf-8\r\n" + DATE, "{\"message\":\"Hello from Bun!\"}"),
      // A chunked body, so the chunk states are compiled before a server that streams is measured.
      ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + DATE
          + "Transfer-Encoding: chunked\r\n\r\n1c\r\n{\"message\":\"Hello, chunked\"}\r\n0\r\n\r\n"));
  private static final int BUFFER_BYTES = 16 * 1024;

  private final ServerSocketChannel listener;
  private final Selector selector;
  private final Thread thread;
  private volatile boolean closing;

  private WarmupServer(ServerSocketChannel listener, Selector selector) {
    this.listener = listener;
    this.selector = selector;
    this.thread = new Thread(this::serve, "gauntlet-jit-warmup-server");
    this.thread.setDaemon(true);
  }

  /** Listens on an ephemeral loopback port and starts answering. */
  static WarmupServer start() {
    ServerSocketChannel listener = null;
    Selector selector = null;
    try {
      listener = ServerSocketChannel.open();
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
      listener.configureBlocking(false);
      selector = Selector.open();
      listener.register(selector, SelectionKey.OP_ACCEPT);
      WarmupServer server = new WarmupServer(listener, selector);
      server.thread.start();
      return server;
    } catch (IOException e) {
      closeQuietly(listener);
      closeQuietly(selector);
      throw new UncheckedIOException("Cannot open the JIT warm-up server on loopback: " + e.getMessage(), e);
    }
  }

  int port() {
    return ((InetSocketAddress) listener.socket().getLocalSocketAddress()).getPort();
  }

  private void serve() {
    try {
      while (!closing) {
        selector.select();
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
          SelectionKey key = ready.next();
          ready.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            accept();
          } else {
            ((Connection) key.attachment()).ready(key);
          }
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      // Closing: nothing left to serve.
    } finally {
      for (SelectionKey key : selector.keys()) {
        closeQuietly(key.channel());
      }
      closeQuietly(selector);
    }
  }

  private void accept() throws IOException {
    SocketChannel channel;
    while ((channel = listener.accept()) != null) {
      channel.configureBlocking(false);
      channel.socket().setTcpNoDelay(true);
      channel.register(selector, SelectionKey.OP_READ, new Connection(channel));
    }
  }

  @Override
  public void close() {
    closing = true;
    selector.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(listener);
  }

  /** One accepted connection: counts request heads, queues one response per head. */
  private static final class Connection {
    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_BYTES);
    // How much of the CR LF CR LF that ends a request head the last bytes matched.
    private int headEndMatched;
    private int nextResponse;

    Connection(SocketChannel channel) {
      this.channel = channel;
    }

    void ready(SelectionKey key) {
      try {
        if (key.isReadable() && !read()) {
          close(key);
          return;
        }
        write(key);
      } catch (IOException e) {
        close(key);
      }
    }

    /** False at the end of the stream, or when the client sends faster than it reads. */
    private boolean read() throws IOException {
      int count = channel.read(in);
      if (count < 0) {
        return false;
      }
      in.flip();
      while (in.hasRemaining()) {
        byte b = in.get();
        headEndMatched = switch (headEndMatched) {
          case 0, 2 -> b == '\r' ? headEndMatched + 1 : 0;
          case 1 -> b == '\n' ? 2 : b == '\r' ? 1 : 0;
          default -> b == '\n' ? 4 : b == '\r' ? 1 : 0;
        };
        if (headEndMatched == 4) {
          headEndMatched = 0;
          byte[] response = RESPONSES.get(nextResponse);
          nextResponse = (nextResponse + 1) % RESPONSES.size();
          if (out.remaining() < response.length) {
            return false;
          }
          out.put(response);
        }
      }
      in.clear();
      return true;
    }

    private void write(SelectionKey key) throws IOException {
      out.flip();
      channel.write(out);
      out.compact();
      key.interestOps(out.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void close(SelectionKey key) {
      key.cancel();
      closeQuietly(channel);
    }
  }

  private static byte[] sized(String headers, String body) {
    return ascii("HTTP/1.1 200 OK\r\n" + headers + "Content-Length: " + body.length() + "\r\n\r\n" + body);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // Best effort while closing.
    }
  }
}
