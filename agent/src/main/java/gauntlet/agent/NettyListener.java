package gauntlet.agent;

import gauntlet.agent.rpc.ConnectionGuard;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Where a real agent listens: a Netty server on the settings' address, with its own event loops
 * and a server channel whose pipeline starts with the {@link ConnectionGuard}, so the guard sees
 * every accepted connection before gRPC does. Everything transport-independent (the service, the
 * authentication, message limits) is added by {@link AgentServer}, whatever the builder.
 *
 * <p>Epoll where Linux has it, for one property the guard's bound rests on: a closed epoll channel
 * has closed its socket when its close future completes. An NIO channel registered with a selector
 * keeps its file descriptor until that selector's next select, so under load a flood's evicted
 * sockets outlived the guard's count (153 held against a bound of 128, with the CPUs busy).
 */
final class NettyListener implements AutoCloseable {
  /** A client that opens a connection and never finishes the TLS handshake is dropped after this. */
  private static final long HANDSHAKE_TIMEOUT_SECONDS = 20;

  private final ConnectionGuard guard;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final NettyServerBuilder builder;

  NettyListener(AgentSettings settings, ServerCredentials credentials) {
    this.guard = new ConnectionGuard(settings.connections());
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("gauntlet-agent-accept", true), io);
    this.workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("gauntlet-agent-grpc", true), io);
    this.builder = NettyServerBuilder.forAddress(new InetSocketAddress(settings.listenHost(), settings.listenPort()),
            credentials)
        .channelFactory(() -> {
          ServerChannel channel = epoll ? new EpollServerSocketChannel() : new NioServerSocketChannel();
          // One accept per read, so that no accepted socket waits outside the guard's count.
          channel.config().setRecvByteBufAllocator(new ServerChannelRecvByteBufAllocator().maxMessagesPerRead(1));
          channel.pipeline().addLast(guard.acceptHandler());
          return channel;
        })
        .bossEventLoopGroup(boss)
        .workerEventLoopGroup(workers)
        .maxConnectionIdle(settings.connections().idle().toNanos(), TimeUnit.NANOSECONDS)
        .handshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true);
  }

  ServerBuilder<?> builder() {
    return builder;
  }

  /** Runs after authentication: only calls that passed it mark their connection as authenticated. */
  ServerInterceptor afterAuthentication() {
    return guard.authenticatedCalls();
  }

  /** After the server has terminated: the guard's deadlines, then the event loops. */
  @Override
  public void close() {
    guard.close();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
