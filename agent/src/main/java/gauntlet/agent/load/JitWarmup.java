package gauntlet.agent.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the engine for a moment against a server inside this process, on loopback, so the JIT has
 * compiled the request path before a real run: a JVM's first thousands of requests are interpreted
 * and would add most of a millisecond to each, where wrk, compiled ahead of time, adds nothing.
 */
public final class JitWarmup {
  private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
      .getBytes(StandardCharsets.US_ASCII);

  private JitWarmup() {}

  /**
   * Loads an in-process loopback server for {@code time} over {@code connections}; the target of
   * the real run sees nothing. As many connections as the run will open give the JIT the branch
   * profile of the run (many channels ready per wake-up): warmed up with a few, the hot path was
   * compiled again two seconds into a measured run (bench/vs-wrk.sh, -XX:+PrintCompilation).
   */
  public static void run(LoadEngine engine, Duration time, int connections) {
    MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, Transport.best().ioHandlers());
    try {
      Class<? extends ServerChannel> type = Epoll.isAvailable() ? EpollServerSocketChannel.class
          : NioServerSocketChannel.class;
      Channel server = new ServerBootstrap().group(group).channel(type)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(Responder.INSTANCE);
            }
          })
          .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
      int port = ((InetSocketAddress) server.localAddress()).getPort();
      LoadOptions options = new LoadOptions(URI.create("http://127.0.0.1:" + port + "/"), "GET", Map.of(), new byte[0],
          1, Math.max(1, connections), time, Duration.ZERO, Duration.ofSeconds(2), 0, time);
      engine.start(options, 0, snapshot -> { }).completion().orTimeout(time.toMillis() + 10_000, TimeUnit.MILLISECONDS)
          .join();
      server.close().syncUninterruptibly();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** Answers every request head with a tiny 200, as fast as it can. */
  @Sharable
  private static final class Responder extends ChannelInboundHandlerAdapter {
    static final Responder INSTANCE = new Responder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      try {
        int heads = 0;
        for (int i = in.readerIndex(); i + 3 < in.writerIndex(); i++) {
          if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
            heads++;
          }
        }
        for (int i = 0; i < heads; i++) {
          ctx.write(Unpooled.wrappedBuffer(RESPONSE));
        }
        ctx.flush();
      } finally {
        in.release();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
