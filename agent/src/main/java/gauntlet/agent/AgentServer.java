package gauntlet.agent;

import gauntlet.agent.load.JitWarmup;
import gauntlet.agent.load.LoadEngine;
import gauntlet.agent.rpc.AgentService;
import gauntlet.agent.rpc.PeerAddress;
import gauntlet.agent.session.Sessions;
import gauntlet.agent.target.HostRuntimes;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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
  private static final java.time.Duration JIT_WARMUP = java.time.Duration.ofSeconds(2);

  private final AgentSettings settings;
  private final Launchers launchers;
  private final LoadEngine engine;
  private final Sessions sessions;
  private final ScheduledExecutorService scheduler;
  private final Server server;

  private AgentServer(AgentSettings settings, Launchers launchers, HostRuntimes runtimes, LoadEngine engine) {
    this.settings = settings;
    this.launchers = launchers;
    this.engine = engine;
    this.sessions = new Sessions(settings.lease());
    this.scheduler = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "gauntlet-agent-sampler");
      t.setDaemon(true);
      return t;
    });
    AgentService service = new AgentService(settings.name(), sessions, launchers, runtimes, engine,
        settings.limits(), settings.allowedImages(), scheduler);
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress(settings.listenHost(), settings.listenPort()))
        .addService(ServerInterceptors.intercept(service, new PeerAddress()))
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .build();
  }

  /**
   * Starts an agent with the given launchers.
   *
   * @throws UncheckedIOException when the address cannot be listened on, naming it
   */
  public static AgentServer start(AgentSettings settings, Launchers launchers, HostRuntimes runtimes) {
    AgentServer agent = new AgentServer(settings, launchers, runtimes, new LoadEngine());
    try {
      agent.server.start();
    } catch (IOException e) {
      agent.close();
      throw new UncheckedIOException("Cannot listen on " + settings.listenHost() + ":" + settings.listenPort()
          + " (" + e.getMessage() + "); choose another --listen address or port", e);
    }
    log.info("Agent '{}' listening on {}:{} (launchers: {}; default {})", settings.name(), settings.listenHost(),
        agent.port(), String.join(", ", launchers.names()), launchers.defaultName());
    agent.warmUpLoadEngine();
    return agent;
  }

  /** Compiles the load path in the background, so the first run is measured by compiled code. */
  private void warmUpLoadEngine() {
    Thread warmup = new Thread(() -> {
      try {
        JitWarmup.run(engine, JIT_WARMUP);
      } catch (RuntimeException e) {
        log.debug("Load engine warm-up failed: {}", e.toString());
      }
    }, "gauntlet-jit-warmup");
    warmup.setDaemon(true);
    warmup.start();
  }

  /** The port actually listened on (useful when the settings asked for 0). */
  public int port() {
    return server.getPort();
  }

  public AgentSettings settings() {
    return settings;
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
    engine.close();
    launchers.close();
  }
}
