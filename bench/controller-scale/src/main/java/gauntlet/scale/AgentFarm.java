package gauntlet.scale;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Many simulated agents in this one process, each a real gRPC server on its own loopback port
 * (the controller dials each as a separate agent: its own channel, its own TCP connection). They
 * share what would otherwise multiply by a thousand: one acceptor thread, two I/O threads, and the
 * handlers run on those (nothing they do blocks); two pacer threads send every agent's reports.
 * They listen on epoll where Linux has it, as {@code gauntlet agent} does.
 */
final class AgentFarm implements AutoCloseable {
  /** The simulated agents' clocks are off the machine's by up to this much, either way. */
  static final long MAX_OFFSET_NANOS = 250_000_000L;

  private final boolean epoll = Epoll.isAvailable();
  private final IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, daemon("farm-accept"), io);
  private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, daemon("farm-io"), io);
  private final ScheduledExecutorService pacer;
  private final java.util.concurrent.ExecutorService sender = Executors.newSingleThreadExecutor(daemon("farm-sender"));
  private final List<Server> servers = new ArrayList<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Long> offsets = new LinkedHashMap<>();
  private final IntervalShapes shapes;
  private final FarmLog log;

  /**
   * Starts {@code loadAgents} load agents named {@code a0001}... and one target agent named
   * {@code target}, each on a free loopback port the kernel picks (port 0).
   */
  AgentFarm(int loadAgents, IntervalShapes shapes, long seed) {
    this.shapes = shapes;
    this.log = new FarmLog(shapes.size(), loadAgents);
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, daemon("farm-pacer"));
    pool.setRemoveOnCancelPolicy(true);
    this.pacer = pool;
    SplittableRandom random = new SplittableRandom(seed);
    try {
      start("target", random);
      for (int i = 1; i <= loadAgents; i++) {
        start(String.format("a%04d", i), random);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void start(String name, SplittableRandom random) {
    long offset = random.nextLong(-MAX_OFFSET_NANOS, MAX_OFFSET_NANOS + 1);
    SimulatedAgent agent = new SimulatedAgent(name, offset, shapes, log, pacer, sender, random.nextInt(shapes.size()));
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .channelFactory(() -> epoll ? new EpollServerSocketChannel() : new NioServerSocketChannel())
        .bossEventLoopGroup(boss)
        .workerEventLoopGroup(workers)
        .directExecutor()
        .permitKeepAliveTime(1, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .addService(agent)
        .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start simulated agent " + name + " on loopback: " + e.getMessage()
          + "; raise the open-files limit (ulimit -n)", e);
    }
    servers.add(server);
    ports.put(name, server.getPort());
    offsets.put(name, offset);
  }

  /** Agent name to port, the target first. */
  Map<String, Integer> ports() {
    return ports;
  }

  Map<String, Long> offsets() {
    return offsets;
  }

  FarmLog log() {
    return log;
  }

  ScheduledExecutorService pacer() {
    return pacer;
  }

  @Override
  public void close() {
    servers.forEach(Server::shutdownNow);
    for (Server server : servers) {
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    pacer.shutdownNow();
    sender.shutdownNow();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    java.util.concurrent.ThreadFactory base = Executors.defaultThreadFactory();
    return r -> {
      Thread t = base.newThread(r);
      t.setName(name + "-" + t.getName());
      t.setDaemon(true);
      return t;
    };
  }
}
