package gauntlet.agent;

import gauntlet.agent.load.LoadEngine;
import gauntlet.agent.load.LoadOptions;
import gauntlet.agent.load.WarmupOutcome;
import gauntlet.agent.rpc.AgentService;
import gauntlet.agent.rpc.ConnectionGuard;
import gauntlet.agent.rpc.PeerAddress;
import gauntlet.agent.security.ListenPolicy;
import gauntlet.core.security.SecurityConfigException;
import gauntlet.agent.session.Sessions;
import gauntlet.agent.target.AgentInstance;
import gauntlet.agent.target.HostRuntimes;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: its gRPC server and everything behind it. Closing it ends the active session
 * (stopping load, removing targets), then the server.
 */
public final class AgentServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentServer.class);
  // Runs in the background while the agent already serves; the first RunLoad cuts it short.
  private static final Duration JIT_WARMUP_AT_LEAST = Duration.ofSeconds(2);
  private static final Duration JIT_WARMUP_AT_MOST = Duration.ofSeconds(10);
  private static final LoadOptions JIT_WARMUP_SHAPE =
      LoadOptions.closed(URI.create("http://127.0.0.1/"), 1, 64, Duration.ofSeconds(1));
  /** A client that opens a connection and never finishes the TLS handshake is dropped after this. */
  private static final long HANDSHAKE_TIMEOUT_SECONDS = 20;

  private final AgentSettings settings;
  /** Owns what this agent starts; a later agent removes it only once this process is gone. */
  private final AgentInstance instance = AgentInstance.create();
  private final Launchers launchers;
  private final LoadEngine engine;
  private final Sessions sessions;
  private final ScheduledExecutorService scheduler;
  private final ConnectionGuard guard;
  private final NioEventLoopGroup boss;
  private final NioEventLoopGroup workers;
  private final Server server;
  private final Thread warmup;

  private AgentServer(AgentSettings settings, Launchers launchers, HostRuntimes runtimes, LoadEngine engine,
      ServerCredentials credentials) {
    this.settings = settings;
    this.launchers = launchers;
    this.engine = engine;
    this.sessions = new Sessions(settings.lease());
    this.scheduler = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "gauntlet-agent-sampler");
      t.setDaemon(true);
      return t;
    });
    AgentService service = new AgentService(settings.name(), instance, sessions, launchers, runtimes, engine,
        settings.limits(), settings.allowedImages(), scheduler);
    // ServerInterceptors.intercept runs the last interceptor first: authentication before anything.
    this.guard = new ConnectionGuard(settings.connections());
    List<ServerInterceptor> interceptors = new ArrayList<>();
    // Runs after authentication: only calls that passed it mark their connection as authenticated.
    interceptors.add(guard.authenticatedCalls());
    interceptors.add(new PeerAddress());
    interceptors.addAll(settings.security().interceptors());
    // Own event loops and server channel, so the guard sees every accepted connection before gRPC
    // does. NIO: the control plane carries a few calls a second, epoll would buy nothing here.
    this.boss = new NioEventLoopGroup(1, new DefaultThreadFactory("gauntlet-agent-accept", true));
    this.workers = new NioEventLoopGroup(0, new DefaultThreadFactory("gauntlet-agent-grpc", true));
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress(settings.listenHost(), settings.listenPort()),
            credentials)
        .channelFactory(() -> {
          NioServerSocketChannel channel = new NioServerSocketChannel();
          channel.pipeline().addLast(guard.acceptHandler());
          return channel;
        })
        .bossEventLoopGroup(boss)
        .workerEventLoopGroup(workers)
        .maxConnectionIdle(settings.connections().idle().toNanos(), TimeUnit.NANOSECONDS)
        .addService(ServerInterceptors.intercept(service, interceptors))
        .maxInboundMessageSize(settings.limits().maxMessageBytes())
        .handshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .build();
    this.warmup = new Thread(this::warmUpLoadEngine, "gauntlet-jit-warmup");
    this.warmup.setDaemon(true);
  }

  /**
   * Starts an agent with the given launchers.
   *
   * @throws UncheckedIOException when the address cannot be listened on, naming it
   * @throws SecurityConfigException when the address is not loopback and nothing authenticates
   *     callers, or the TLS files cannot be used
   */
  public static AgentServer start(AgentSettings settings, Launchers launchers, HostRuntimes runtimes) {
    ServerCredentials credentials;
    try {
      ListenPolicy.check(settings.listenHost(), settings.listenPort(), settings.security());
      credentials = settings.security().serverCredentials();
    } catch (SecurityConfigException e) {
      launchers.close();
      throw e;
    }
    AgentServer agent = new AgentServer(settings, launchers, runtimes, new LoadEngine(), credentials);
    try {
      agent.server.start();
    } catch (IOException e) {
      agent.close();
      throw new UncheckedIOException("Cannot listen on " + settings.listenHost() + ":" + settings.listenPort()
          + " (" + e.getMessage() + "); choose another --listen address or port", e);
    }
    log.info("Agent '{}' listening on {}:{} with {} (launchers: {}; default {}; instance {}, pid {})",
        settings.name(), settings.listenHost(), agent.port(), settings.security().describe(),
        String.join(", ", launchers.names()), launchers.defaultName(), agent.instance.shortId(),
        agent.instance.process().pid());
    agent.warmup.start();
    return agent;
  }

  /** Compiles the load path in the background, so the first run is measured by compiled code. */
  private void warmUpLoadEngine() {
    try {
      WarmupOutcome outcome = engine.warmUp(JIT_WARMUP_SHAPE, JIT_WARMUP_AT_LEAST, JIT_WARMUP_AT_MOST);
      log.debug("Load engine warm-up: {}", outcome);
    } catch (RuntimeException e) {
      log.debug("Load engine warm-up failed: {}", e.toString());
    }
  }

  /**
   * Waits until the background JIT warm-up has ended. An agent in the controller's own process
   * calls it before the first run: on one machine the run's target would otherwise start while
   * the warm-up still takes CPU, and the first run would cut it short.
   */
  public void awaitJitWarmUp() {
    try {
      warmup.join(JIT_WARMUP_AT_MOST.plusSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The port actually listened on (useful when the settings asked for 0). */
  public int port() {
    return server.getPort();
  }

  public AgentSettings settings() {
    return settings;
  }

  /** The run this agent is busy with, if a session is open. */
  public java.util.Optional<String> busyWith() {
    return sessions.busyWith();
  }

  /** Blocks until the server stops (see {@link #close}). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdown();
    sessions.close();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
    guard.close();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    engine.close();
    launchers.close();
  }
}
