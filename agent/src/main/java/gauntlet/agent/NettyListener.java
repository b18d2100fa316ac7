package gauntlet.agent;

import gauntlet.agent.rpc.ConnectionGuard;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Where a real agent listens: a Netty server on the settings' address, with its own event loops
 * and a server channel whose pipeline starts with the {@link ConnectionGuard}, so the guard sees
 * every accepted connection before gRPC does. Everything transport-independent (the service, the
 * authentication, message limits) is added by {@link AgentServer}, whatever the builder.
 */
final class NettyListener implements AutoCloseable {
  /** A client that opens a connection and never finishes the TLS handshake is dropped after this. */
  private static final long HANDSHAKE_TIMEOUT_SECONDS = 20;

  private final ConnectionGuard guard;
  private final NioEventLoopGroup boss;
  private final NioEventLoopGroup workers;
  private final NettyServerBuilder builder;

  NettyListener(AgentSettings settings, ServerCredentials credentials) {
    this.guard = new ConnectionGuard(settings.connections());
    // NIO: the control plane carries a few calls a second, epoll would buy nothing here.
    this.boss = new NioEventLoopGroup(1, new DefaultThreadFactory("gauntlet-agent-accept", true));
    this.workers = new NioEventLoopGroup(0, new DefaultThreadFactory("gauntlet-agent-grpc", true));
    this.builder = NettyServerBuilder.forAddress(new InetSocketAddress(settings.listenHost(), settings.listenPort()),
            credentials)
        .channelFactory(() -> {
          NioServerSocketChannel channel = new NioServerSocketChannel();
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
