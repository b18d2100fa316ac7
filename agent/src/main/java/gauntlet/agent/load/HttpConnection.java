package gauntlet.agent.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive connection slot: sends a request, waits for its whole response, records it, sends
 * the next. A broken connection is counted by class and opened again. The handler serves one
 * channel at a time (the slot's current one), hence shareable across its reconnects; events of an
 * earlier channel are ignored.
 *
 * <pre>
 *                 channelActive              send
 *   CONNECTING ----------------&gt; IDLE -----------------&gt; AWAITING
 *       ^                        ^  |  &lt;----------------    |  |
 *       |                        |  |  response, keep-alive |  |
 *       |                        |  |                       |  | response with close after: no failure;
 *       |     channelInactive    |  | bytes nobody asked    |  | error or timeout: counted once
 *       |  (AWAITING: a read     |  | for: read error       v  v
 *       |   error, unless the    |  +-----------------&gt;   CLOSING
 *       |   end delimits the     |                           |
 *       |   body)                |                           |
 *       +------------------------+---------------------------+
 *                             channelInactive, then connect again (unless the run has ended)
 * </pre>
 *
 * Only IDLE sends: in the open model a request falling due in any other state waits in the backlog
 * and goes out on the next IDLE, on this channel or the next one. Only AWAITING times out. A failure
 * is counted on the way into CLOSING and never again for the same channel. {@link #flushNow} marks
 * its own call so that a failure surfacing during it counts as a write error, not a read error.
 */
@Sharable
final class HttpConnection extends ChannelInboundHandlerAdapter {
  private static final long RECONNECT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** Where a connection's state is; see the class comment for the transitions. */
  enum State {
    /** No channel yet: connecting, or waiting to connect again. */
    CONNECTING,
    /** Connected, no request in flight. */
    IDLE,
    /** Connected, a request sent and its response not complete. */
    AWAITING,
    /** Closing: the connection failed (counted) or the last response asked for the close. */
    CLOSING
  }

  /** Opens a channel whose pipeline is {@code handler}; the seam tests replace with embedded channels. */
  interface Dialer {
    ChannelFuture dial(ChannelHandler handler);
  }

  private final ConnectionLoop worker;
  private final ByteBuf request;
  private final Dialer dialer;
  private final HttpResponseParser parser = new HttpResponseParser();
  private final long requestPeriodNanos;
  private final ChannelFutureListener connected = this::connected;

  private State state = State.CONNECTING;
  private Channel channel;
  private ChannelHandlerContext context;
  private boolean flushing;
  private long sentAtNanos;
  private long intendedAtNanos;
  // Open model: requests that fell due while this connection was busy or down, oldest first.
  private long backlog;
  private long backlogOldestNanos;
  // Bytes of the response being read: counted with the response, in the interval it completes in.
  private long responseBytes;

  HttpConnection(ConnectionLoop worker, RequestBytes request, Bootstrap bootstrap, InetSocketAddress address,
      long requestPeriodNanos) {
    this(worker, request, new BootstrapDialer(bootstrap, address), requestPeriodNanos);
  }

  HttpConnection(ConnectionLoop worker, RequestBytes request, Dialer dialer, long requestPeriodNanos) {
    this.worker = worker;
    this.request = request.newConnectionBuffer();
    this.dialer = dialer;
    this.requestPeriodNanos = requestPeriodNanos;
    parser.expectHeadResponse(request.isHead());
  }

  /** Dials with a copy of the loop's bootstrap whose handler is this connection, made on the first dial. */
  private static final class BootstrapDialer implements Dialer {
    private final Bootstrap shared;
    private final InetSocketAddress address;
    private Bootstrap own;

    BootstrapDialer(Bootstrap shared, InetSocketAddress address) {
      this.shared = shared;
      this.address = address;
    }

    @Override
    public ChannelFuture dial(ChannelHandler handler) {
      if (own == null) {
        own = shared.clone().handler(handler);
      }
      return own.connect(address);
    }
  }

  State state() {
    return state;
  }

  void connect() {
    if (worker.ended()) {
      return;
    }
    dialer.dial(this).addListener(connected);
  }

  private void connected(ChannelFuture future) {
    if (future.isSuccess()) {
      return;
    }
    worker.connectFailed();
    // A refused connect fails at once; without a pause a dead server would be hammered in a loop.
    worker.loop().schedule(this::connect, RECONNECT_PAUSE_NANOS, TimeUnit.NANOSECONDS);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (worker.ended()) {
      ctx.close();
      return;
    }
    channel = ctx.channel();
    context = ctx;
    state = State.IDLE;
    responseBytes = 0;
    parser.resetConnection();
    worker.opened();
    if (!worker.openModel()) {
      send(System.nanoTime(), 0);
    } else if (backlog > 0) {
      sendFromBacklog(System.nanoTime());
    }
  }

  /** Open model: a request falls due at {@code dueNanos}. */
  void due(long dueNanos) {
    if (state == State.IDLE) {
      send(System.nanoTime(), dueNanos);
    } else if (backlog++ == 0) {
      backlogOldestNanos = dueNanos;
    }
  }

  private void sendFromBacklog(long now) {
    long intended = backlogOldestNanos;
    backlog--;
    long next = backlogOldestNanos + requestPeriodNanos;
    // The period saturates at Long.MAX_VALUE for tiny rates: never let the sum wrap into the past.
    backlogOldestNanos = next < backlogOldestNanos ? Long.MAX_VALUE : next;
    send(now, intended);
  }

  private void send(long now, long intendedNanos) {
    state = State.AWAITING;
    sentAtNanos = now;
    intendedAtNanos = intendedNanos;
    request.readerIndex(0);
    channel.write(request, channel.voidPromise());
    worker.flushSoon(this);
  }

  void flushNow() {
    Channel current = channel;
    if (current == null || state != State.AWAITING) {
      return;
    }
    // A failed write surfaces in exceptionCaught during this call: that is how it is told from a read.
    flushing = true;
    try {
      current.flush();
    } finally {
      flushing = false;
    }
  }

  private boolean connected() {
    return state == State.IDLE || state == State.AWAITING;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      if (ctx.channel() != channel || !connected()) {
        return;
      }
      int mark = in.readerIndex();
      while (in.isReadable() && connected()) {
        switch (parser.parse(in)) {
          case COMPLETE -> {
            responseBytes += in.readerIndex() - mark;
            mark = in.readerIndex();
            responseComplete(ctx);
          }
          case ERROR -> {
            responseBytes += in.readerIndex() - mark;
            fail(ctx, Failure.READ);
            return;
          }
          case NEED_MORE -> { }
        }
      }
      responseBytes += in.readerIndex() - mark;
    } finally {
      in.release();
    }
  }

  private void responseComplete(ChannelHandlerContext ctx) {
    long now = System.nanoTime();
    if (state != State.AWAITING) {
      // Bytes nobody asked for: the server is not speaking request/response HTTP.
      fail(ctx, Failure.READ);
      return;
    }
    state = State.IDLE;
    long bytes = responseBytes;
    responseBytes = 0;
    if (!worker.advanceTo(now)) {
      return;
    }
    long latency = worker.openModel() ? now - intendedAtNanos : now - sentAtNanos;
    worker.recordResponse(latency, now - sentAtNanos, parser.status(), bytes);
    if (parser.closeAfter()) {
      // Not a failure: the server said so (Connection: close, or HTTP/1.0 without keep-alive).
      state = State.CLOSING;
      ctx.close();
      return;
    }
    if (!worker.openModel()) {
      send(now, 0);
    } else if (backlog > 0) {
      sendFromBacklog(now);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (ctx.channel() != channel) {
      return;
    }
    State was = state;
    state = State.CONNECTING;
    channel = null;
    context = null;
    worker.closed();
    if (was == State.AWAITING && !worker.ended()) {
      if (parser.endOfInput() == HttpResponseParser.Result.COMPLETE) {
        long now = System.nanoTime();
        if (worker.advanceTo(now)) {
          long latency = worker.openModel() ? now - intendedAtNanos : now - sentAtNanos;
          worker.recordResponse(latency, now - sentAtNanos, parser.status(), responseBytes);
          responseBytes = 0;
        }
      } else {
        worker.readFailed();
      }
    }
    if (responseBytes > 0 && worker.advanceTo(System.nanoTime())) {
      // A response cut short still moved bytes over the wire, as wrk counts them.
      worker.bytesRead(responseBytes);
    }
    responseBytes = 0;
    // An unanswered request is not sent again: it has been counted as failed, as wrk2 does.
    if (!worker.ended()) {
      connect();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (ctx.channel() == channel && connected()) {
      fail(ctx, flushing ? Failure.WRITE : Failure.READ);
    } else {
      ctx.close();
    }
  }

  /** Counts a timeout and re-opens the connection when the request in flight is older than the timeout. */
  void checkTimeout(long now) {
    if (state == State.AWAITING && now - sentAtNanos >= worker.timeoutNanos()) {
      fail(context, Failure.TIMEOUT);
    }
  }

  private enum Failure { READ, WRITE, TIMEOUT }

  /** Counts the failure (once: only a connected state gets here) and closes; channelInactive reconnects. */
  private void fail(ChannelHandlerContext ctx, Failure failure) {
    if (state != State.CLOSING) {
      state = State.CLOSING;
      switch (failure) {
        case READ -> worker.readFailed();
        case WRITE -> worker.writeFailed();
        case TIMEOUT -> worker.timedOut();
      }
    }
    ctx.close();
  }

  /** Closes the connection for good (end of run) and frees its request bytes. */
  void close() {
    Channel current = channel;
    if (current != null) {
      current.close();
    }
    // The buffer is written again and again, so writes never free it: the run's end does.
    if (request.unwrap().refCnt() > 0) {
      request.unwrap().release();
    }
  }
}
