package gauntlet.agent.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP/1.1 server for the engine's tests, whose answers a {@link Behaviour} decides:
 * at once, after a delay, stalled for a while, never, malformed. It counts requests and connections
 * so tests can check what the engine really sent.
 */
public final class TestHttpServer implements AutoCloseable {

  /** How the server answers the n-th request (from 0), received at {@code receivedNanos}. */
  public interface Behaviour {
    /** Nanoseconds to wait before answering; negative: never answer. */
    long delayNanos(long request, long receivedNanos);

    /** The bytes of the answer. */
    default byte[] response(long request) {
      return OK;
    }
  }

  public static final byte[] OK = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 28\r\n\r\n"
      + "{\"message\":\"Hello from Go!\"}").getBytes(StandardCharsets.US_ASCII);

  public static Behaviour immediate() {
    return (n, at) -> 0;
  }

  public static Behaviour fixedDelay(long millis) {
    long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
    return (n, at) -> nanos;
  }

  public static Behaviour silent() {
    return (n, at) -> -1;
  }

  // Epoll schedules with timerfd, to the microsecond: NIO's millisecond selects would blur fixed delays.
  private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
      Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(300);
  private final Channel server;
  private final Behaviour behaviour;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger connections = new AtomicInteger();

  public TestHttpServer(Behaviour behaviour) {
    this.behaviour = behaviour;
    this.server = new ServerBootstrap()
        .group(group)
        .channel(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.incrementAndGet();
            ch.pipeline().addLast(new Handler());
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port() + "/json");
  }

  public long requests() {
    return requests.get();
  }

  public int connectionsAccepted() {
    return connections.get();
  }

  /** Counts "\r\n\r\n" ends of request heads, across reads. */
  private final class Handler extends ChannelInboundHandlerAdapter {
    private int matched;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      try {
        while (in.isReadable()) {
          byte b = in.readByte();
          matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
              ? matched + 1 : (b == '\r' ? 1 : 0);
          if (matched == 4) {
            matched = 0;
            answer(ctx, requests.getAndIncrement());
          }
        }
      } finally {
        in.release();
      }
    }

    private void answer(ChannelHandlerContext ctx, long n) {
      long delay = behaviour.delayNanos(n, System.nanoTime());
      if (delay < 0) {
        return;
      }
      ByteBuf response = Unpooled.wrappedBuffer(behaviour.response(n));
      long due = System.nanoTime() + delay;
      if (delay == 0) {
        ctx.writeAndFlush(response);
      } else {
        // Timers fire a little late; wake early and spin the last stretch so the delay is exact
        // and the client's accuracy, not the server's, is what tests see.
        long early = Math.max(0, delay - SPIN_NANOS);
        ctx.executor().schedule(() -> {
          while (System.nanoTime() < due) {
            Thread.onSpinWait();
          }
          ctx.writeAndFlush(response);
        }, early, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
