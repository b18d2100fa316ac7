package gauntlet.agent.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive connection slot: sends a request, waits for its whole response, records it, sends
 * the next. A broken connection is counted by class and opened again. The handler serves one
 * channel at a time (the slot's current one), hence shareable across its reconnects.
 */
@Sharable
final class HttpConnection extends ChannelInboundHandlerAdapter {
  private static final long RECONNECT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final LoopWorker worker;
  private final ByteBuf request;
  private final Bootstrap bootstrap;
  private final InetSocketAddress address;
  private final HttpResponseParser parser = new HttpResponseParser();
  private final long requestPeriodNanos;
  private final ChannelFutureListener connected = this::connected;

  private Channel channel;
  private ChannelHandlerContext context;
  private boolean active;
  private boolean inFlight;
  private boolean flushing;
  private boolean failureCounted;
  private long sentAtNanos;
  private long intendedAtNanos;
  // Open model: requests that fell due while this connection was busy or down, oldest first.
  private long backlog;
  private long backlogOldestNanos;
  // Bytes of the response being read: counted with the response, in the interval it completes in.
  private long responseBytes;

  HttpConnection(LoopWorker worker, RequestBytes request, Bootstrap bootstrap, InetSocketAddress address,
      long requestPeriodNanos) {
    this.worker = worker;
    this.request = request.newConnectionBuffer();
    this.bootstrap = bootstrap.clone().handler(this);
    this.address = address;
    this.requestPeriodNanos = requestPeriodNanos;
    parser.expectHeadResponse(request.isHead());
  }

  void connect() {
    if (worker.ended()) {
      return;
    }
    bootstrap.connect(address).addListener(connected);
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
    active = true;
    responseBytes = 0;
    failureCounted = false;
    inFlight = false;
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
    if (active && !inFlight) {
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
    inFlight = true;
    sentAtNanos = now;
    intendedAtNanos = intendedNanos;
    request.readerIndex(0);
    channel.write(request, channel.voidPromise());
    worker.flushSoon(this);
  }

  void flushNow() {
    Channel current = channel;
    if (current == null || !active) {
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

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      if (ctx.channel() != channel || !active) {
        return;
      }
      int mark = in.readerIndex();
      while (in.isReadable() && active) {
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
    if (!inFlight) {
      // Bytes nobody asked for: the server is not speaking request/response HTTP.
      fail(ctx, Failure.READ);
      return;
    }
    inFlight = false;
    long bytes = responseBytes;
    responseBytes = 0;
    if (!worker.advanceTo(now)) {
      return;
    }
    long latency = worker.openModel() ? now - intendedAtNanos : now - sentAtNanos;
    worker.recordResponse(latency, now - sentAtNanos, parser.status(), bytes);
    if (parser.closeAfter()) {
      closeAndReconnect(ctx);
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
    boolean wasActive = active;
    active = false;
    channel = null;
    context = null;
    worker.closed();
    if (wasActive && inFlight && !failureCounted && !worker.ended()) {
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
    inFlight = false;
    if (!worker.ended()) {
      connect();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (ctx.channel() == channel && active) {
      fail(ctx, flushing ? Failure.WRITE : Failure.READ);
    } else {
      ctx.close();
    }
  }

  /** Counts a timeout and re-opens the connection when the request in flight is older than the timeout. */
  void checkTimeout(long now) {
    if (active && inFlight && now - sentAtNanos >= worker.timeoutNanos()) {
      fail(context, Failure.TIMEOUT);
    }
  }

  private enum Failure { READ, WRITE, TIMEOUT }

  private void fail(ChannelHandlerContext ctx, Failure failure) {
    if (!failureCounted) {
      failureCounted = true;
      switch (failure) {
        case READ -> worker.readFailed();
        case WRITE -> worker.writeFailed();
        case TIMEOUT -> worker.timedOut();
      }
    }
    ctx.close();
  }

  private void closeAndReconnect(ChannelHandlerContext ctx) {
    failureCounted = true;
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
