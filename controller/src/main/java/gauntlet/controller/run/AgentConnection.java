package gauntlet.controller.run;

import gauntlet.core.ClockPair;
import gauntlet.core.IpLiterals;
import gauntlet.core.Leases;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.AgentInfo;
import gauntlet.v1.ClockReply;
import gauntlet.v1.ClockRequest;
import gauntlet.v1.DescribeRequest;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A controller's channel to one agent, with the calls that need no session. */
public final class AgentConnection implements AutoCloseable {
  private static final Duration DESCRIBE_DEADLINE = Duration.ofSeconds(10);
  private static final Duration CLOCK_DEADLINE = Duration.ofSeconds(5);
  /**
   * How long the connection waits for an answer to a keep-alive ping, and (on Linux, where gRPC
   * sets TCP_USER_TIMEOUT to the same value) for the agent to acknowledge data sent. The session's
   * lease, watched by heartbeats, decides when an agent is lost: with 5 s here, a network blip of 5
   * to 10 s broke the connection, and failed the cell, while the lease had not run out. So the
   * transport waits at least as long as the longest lease; calls outside a session have deadlines.
   */
  static final Duration TRANSPORT_PATIENCE = Leases.MAX;

  private final String name;
  private final String address;
  private final ManagedChannel channel;
  private final CallCredentials callCredentials;

  private AgentConnection(String name, String address, ManagedChannel channel, CallCredentials callCredentials) {
    this.name = name;
    this.address = address;
    this.channel = channel;
    this.callCredentials = callCredentials;
  }

  /**
   * A channel to {@code host:port}; nothing is sent until the first call.
   *
   * @param callCredentials the bearer token, or null
   */
  public static AgentConnection open(
      String name, String host, int port, ChannelCredentials credentials, CallCredentials callCredentials) {
    // An IP literal needs no name resolver: gRPC's DNS resolver still ran a task on its executor
    // for each, a thread hop and ~3 % of the controller's CPU connecting to a thousand agents.
    Optional<InetAddress> literal = IpLiterals.parse(host);
    ManagedChannelBuilder<?> builder = literal.isPresent()
        ? NettyChannelBuilder.forAddress(new InetSocketAddress(literal.get(), port), credentials)
            .overrideAuthority(IpLiterals.hostPort(IpLiterals.unbracket(host), port))
        : Grpc.newChannelBuilderForAddress(host, port, credentials);
    ManagedChannel channel = builder
        .keepAliveTime(10, TimeUnit.SECONDS)
        .keepAliveTimeout(TRANSPORT_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveWithoutCalls(true)
        .maxInboundMessageSize(16 * 1024 * 1024)
        .build();
    String address = IpLiterals.hostPort(host, port);
    return new AgentConnection(name, address, channel, callCredentials);
  }

  /** A connection over a channel made elsewhere (an in-process one, in tests); the address names it. */
  static AgentConnection over(String name, String address, ManagedChannel channel) {
    return new AgentConnection(name, address, channel, null);
  }

  public String name() {
    return name;
  }

  public String address() {
    return address;
  }

  AgentGrpc.AgentBlockingStub blocking() {
    AgentGrpc.AgentBlockingStub stub = AgentGrpc.newBlockingStub(channel);
    return callCredentials == null ? stub : stub.withCallCredentials(callCredentials);
  }

  AgentGrpc.AgentStub async() {
    AgentGrpc.AgentStub stub = AgentGrpc.newStub(channel);
    return callCredentials == null ? stub : stub.withCallCredentials(callCredentials);
  }

  /** Who the agent is; fails with a sentence naming the address when it cannot be reached. */
  public AgentInfo describe() {
    try {
      return blocking().withDeadlineAfter(DESCRIBE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .describe(DescribeRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw AgentCalls.failure(name, address, "describing itself", e);
    }
  }

  /**
   * Estimates the agent's clock offset with unary Clock calls, up to {@code probes} of them, as
   * {@link ClockProbes} says; for checks that open no session (a run measures over its session,
   * {@link LeasedSession#measureClock}).
   */
  public ClockEstimate measureClock(int probes) {
    AgentGrpc.AgentBlockingStub stub = blocking();
    try {
      // The first call pays for connection set-up; it is not a fair sample.
      stub.withDeadlineAfter(CLOCK_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).clock(ClockRequest.getDefaultInstance());
      return bestOf(probes, () -> {
        ClockPair sent = ClockPair.now();
        ClockReply reply = stub.withDeadlineAfter(CLOCK_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
            .clock(ClockRequest.getDefaultInstance());
        return ClockEstimate.ofProbe(sent, reply.getUnixNanos(), System.nanoTime());
      });
    } catch (StatusRuntimeException e) {
      throw AgentCalls.failure(name, address, "measuring its clock", e);
    }
  }

  /** The estimate with the lowest round trip of up to {@code probes}, stopping early as {@link ClockProbes} says. */
  static ClockEstimate bestOf(int probes, java.util.function.Supplier<ClockEstimate> probe) {
    ClockProbes run = new ClockProbes(probes);
    while (run.take(probe.get())) {
      // the next probe
    }
    return run.best();
  }

  /** Starts closing: calls in flight may finish, no new ones start. */
  void shutdown() {
    channel.shutdown();
  }

  /** Waits a few seconds for {@link #shutdown()} to finish, then cuts what is left. */
  void awaitShutdown() {
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    shutdown();
    awaitShutdown();
  }
}
