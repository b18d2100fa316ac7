package gauntlet.agent.rpc;

import gauntlet.agent.ConnectionLimits;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler.Sharable;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the connections the agent holds before (and between) calls. At accept: at most
 * {@code maxTotal} connections, {@code maxPerPeer} from one address; when a cap is reached the
 * oldest connection that never made an authenticated call is closed to make room (so a flood from
 * an address a controller shares, loopback say, cannot lock the controller out), or the new one
 * when every held connection has authenticated. A connection without an authenticated call within
 * {@code firstCallDeadline} is closed.
 *
 * <p>An evicted connection closes on its own event loop, so sockets may briefly exceed the cap;
 * it counts until its close future completes, so never twice the cap, as long as that future
 * follows the socket's close (epoll's does, NIO's need not: {@code NettyListener}).
 *
 * <p>{@link #acceptHandler()} goes first in the server channel's pipeline (it sees each accepted
 * connection before gRPC does); {@link #authenticatedCalls()} goes after authentication among the
 * interceptors, so only calls that passed it mark their connection.
 */
public final class ConnectionGuard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

  private final ConnectionLimits limits;
  private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "gauntlet-connection-deadlines");
    t.setDaemon(true);
    return t;
  });
  // Guarded by this. Insertion order: oldest first.
  private final LinkedHashMap<Channel, Held> held = new LinkedHashMap<>();
  private final Map<SocketAddress, Held> byRemote = new HashMap<>();
  private final Map<InetAddress, Integer> perPeer = new HashMap<>();
  private final Accept accept = new Accept();
  private int evicting;
  private long refused;

  private static final class Held {
    final Channel channel;
    final SocketAddress remote;
    final InetAddress peer;
    boolean authenticated;
    // Closed to make room, its socket not yet closed (closes run on the connection's event loop).
    boolean evicting;
    ScheduledFuture<?> deadline;

    Held(Channel channel, SocketAddress remote, InetAddress peer) {
      this.channel = channel;
      this.remote = remote;
      this.peer = peer;
    }
  }

  public ConnectionGuard(ConnectionLimits limits) {
    this.limits = limits;
  }

  /** The handler for the server channel's pipeline. */
  public io.grpc.netty.shaded.io.netty.channel.ChannelHandler acceptHandler() {
    return accept;
  }

  /** Marks the connection of every call that reaches it as authenticated. */
  public ServerInterceptor authenticatedCalls() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        authenticated(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        return next.startCall(call, headers);
      }
    };
  }

  /** Connections held now. */
  public synchronized int held() {
    return held.size();
  }

  @Sharable
  private final class Accept extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Channel child && !admit(child)) {
        // Not registered yet: closing it forcibly just closes its socket.
        child.unsafe().closeForcibly();
        return;
      }
      ctx.fireChannelRead(msg);
    }
  }

  private boolean admit(Channel child) {
    SocketAddress remote = child.remoteAddress();
    InetAddress peer = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    Held evicted = null;
    Held admitted;
    synchronized (this) {
      int live = held.size() - evicting;
      boolean peerFull = perPeer.getOrDefault(peer, 0) >= limits.maxPerPeer();
      if (peerFull || live >= limits.maxTotal()) {
        evicted = oldestUnauthenticated(peerFull ? peer : null);
      }
      // Evicted sockets close asynchronously; past twice the cap, closes lag and the new one waits.
      boolean room = (!peerFull && live < limits.maxTotal()) || evicted != null;
      if (!room || held.size() >= 2 * limits.maxTotal()) {
        refused++;
        if (refused == 1 || refused % 1000 == 0) {
          log.warn("Refused a connection from {}: {} connections held ({} from it), none of them closable ({} refused"
              + " so far)", remote, held.size(), perPeer.getOrDefault(peer, 0), refused);
        }
        return false;
      }
      if (evicted != null) {
        evicted.evicting = true;
        evicting++;
        perPeer.computeIfPresent(evicted.peer, (p, n) -> n > 1 ? n - 1 : null);
        if (evicted.deadline != null) {
          evicted.deadline.cancel(false);
        }
      }
      admitted = new Held(child, remote, peer);
      held.put(child, admitted);
      if (remote != null) {
        byRemote.put(remote, admitted);
      }
      perPeer.merge(peer, 1, Integer::sum);
    }
    if (evicted != null) {
      closeAbruptly(evicted.channel);
    }
    admitted.deadline = deadlines.schedule(() -> closeIfSilent(admitted), limits.firstCallDeadline().toNanos(),
        TimeUnit.NANOSECONDS);
    child.closeFuture().addListener(f -> closed(admitted));
    return true;
  }

  private Held oldestUnauthenticated(InetAddress peer) {
    for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
      Held h = it.next();
      if (!h.authenticated && !h.evicting && (peer == null || peer.equals(h.peer))) {
        return h;
      }
    }
    return null;
  }

  private void forget(Held h) {
    if (held.remove(h.channel) == null) {
      return;
    }
    if (h.remote != null) {
      byRemote.remove(h.remote, h);
    }
    if (h.evicting) {
      evicting--;
    } else {
      perPeer.computeIfPresent(h.peer, (p, n) -> n > 1 ? n - 1 : null);
    }
    if (h.deadline != null) {
      h.deadline.cancel(false);
    }
  }

  private synchronized void closed(Held h) {
    forget(h);
  }

  private void authenticated(SocketAddress remote) {
    if (remote == null) {
      return;
    }
    synchronized (this) {
      Held h = byRemote.get(remote);
      if (h != null && !h.authenticated) {
        h.authenticated = true;
        if (h.deadline != null) {
          h.deadline.cancel(false);
        }
      }
    }
  }

  private void closeIfSilent(Held h) {
    synchronized (this) {
      if (h.authenticated) {
        return;
      }
    }
    closeAbruptly(h.channel);
  }

  /**
   * Closes the socket now. Channel.close() would pass through gRPC's handler, which shuts HTTP/2
   * down gracefully: a GOAWAY and a PING it then waits for, which a silent client never answers.
   */
  private static void closeAbruptly(Channel channel) {
    channel.eventLoop().execute(() -> channel.unsafe().close(channel.unsafe().voidPromise()));
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
  }
}
