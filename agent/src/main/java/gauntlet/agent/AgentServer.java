package gauntlet.agent;

import gauntlet.agent.load.LoadEngine;
import gauntlet.agent.load.LoadOptions;
import gauntlet.agent.load.WarmupOutcome;
import gauntlet.agent.rpc.AgentService;
import gauntlet.agent.rpc.PeerAddress;
import gauntlet.agent.security.ListenPolicy;
import gauntlet.core.security.SecurityConfigException;
import gauntlet.agent.session.Sessions;
import gauntlet.agent.target.AgentInstance;
import gauntlet.agent.target.HostRuntimes;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  private final AgentSettings settings;
  /** Owns what this agent starts; a later agent removes it only once this process is gone. */
  private final AgentInstance instance = AgentInstance.create();
  private final Launchers launchers;
  private final LoadEngine engine;
  private final Sessions sessions;
  private final ScheduledExecutorService scheduler;
  /** What the transport needs closed once the server has terminated (the Netty listener's loops). */
  private final AutoCloseable transport;
  private final Server server;
  private final Thread warmup;

  /**
   * The agent's service on {@code builder}, as grpc-java's RouteGuide server takes its builder: the
   * transport is the caller's, everything behind it (authentication, sessions, load, targets) is
   * the agent's.
   *
   * @param afterAuthentication interceptors that must see only authenticated calls
   * @param transport closed after the server has terminated
   */
  private AgentServer(ServerBuilder<?> builder, List<ServerInterceptor> afterAuthentication, AutoCloseable transport,
      AgentSettings settings, Launchers launchers, HostRuntimes runtimes, LoadEngine engine) {
    this.settings = settings;
    this.launchers = launchers;
    this.engine = engine;
    this.transport = transport;
    this.sessions = new Sessions(settings.lease());
    this.scheduler = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "gauntlet-agent-sampler");
      t.setDaemon(true);
      return t;
    });
    AgentService service = new AgentService(settings.name(), instance, sessions, launchers, runtimes, engine,
        settings.limits(), settings.allowedImages(), scheduler);
    // ServerInterceptors.intercept runs the last interceptor first: authentication before anything.
    List<ServerInterceptor> interceptors = new ArrayList<>(afterAuthentication);
    interceptors.add(new PeerAddress());
    interceptors.addAll(settings.security().interceptors());
    this.server = builder
        .addService(ServerInterceptors.intercept(service, interceptors))
        .maxInboundMessageSize(settings.limits().maxMessageBytes())
        .build();
    this.warmup = new Thread(this::warmUpLoadEngine, "gauntlet-jit-warmup");
    this.warmup.setDaemon(true);
  }

  /**
   * Starts an agent listening on the settings' address, with the given launchers, and warms its
   * load engine up in the background.
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
    NettyListener listener = new NettyListener(settings, credentials);
    AgentServer agent = new AgentServer(listener.builder(), List.of(listener.afterAuthentication()), listener,
        settings, launchers, runtimes, new LoadEngine());
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

  /**
   * Starts an agent on the caller's transport, e.g. an {@code InProcessServerBuilder} for tests
   * that open no socket. The settings' token is checked on every call as on a listening agent;
   * their address, TLS files and connection limits are the listening transport's and do not apply.
   * No JIT warm-up runs (it loads a loopback server).
   *
   * @throws UncheckedIOException when the builder's server cannot start
   */
  public static AgentServer start(ServerBuilder<?> builder, AgentSettings settings, Launchers launchers,
      HostRuntimes runtimes) {
    AgentServer agent = new AgentServer(builder, List.of(), () -> { }, settings, launchers, runtimes,
        new LoadEngine());
    try {
      agent.server.start();
    } catch (IOException e) {
      agent.close();
      throw new UncheckedIOException("Cannot start agent '" + settings.name() + "': " + e.getMessage(), e);
    }
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
    try {
      transport.close();
    } catch (Exception e) {
      log.debug("Closing the agent's transport failed: {}", e.toString());
    }
    engine.close();
    launchers.close();
  }
}
