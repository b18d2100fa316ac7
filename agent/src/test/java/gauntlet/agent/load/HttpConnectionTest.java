package gauntlet.agent.load;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.core.ErrorClass;
import gauntlet.core.ErrorTally;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One connection slot driven through Netty's {@link EmbeddedChannel}: the test plays the server,
 * byte for byte, and the dialer hands out embedded channels instead of sockets. No socket is opened.
 */
class HttpConnectionTest {
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  /** The loop's side: records what the connection reports, as LoopWorker would, and flushes at once. */
  private static final class RecordingLoop implements ConnectionLoop {
    final EmbeddedChannel timers = new EmbeddedChannel();
    final boolean openModel;
    final List<Integer> statuses = new ArrayList<>();
    final List<Long> responseBytes = new ArrayList<>();
    final ErrorTally errors = new ErrorTally();
    long bytesCutShort;
    int open;
    boolean ended;

    RecordingLoop(boolean openModel) {
      this.openModel = openModel;
      timers.freezeTime();
    }

    @Override public EventLoop loop() { return timers.eventLoop(); }
    @Override public boolean ended() { return ended; }
    @Override public boolean openModel() { return openModel; }
    // Long enough that no stall of a loaded machine ever times a request out by itself.
    @Override public long timeoutNanos() { return TimeUnit.HOURS.toNanos(1); }
    @Override public boolean advanceTo(long now) { return !ended; }

    @Override
    public void recordResponse(long latencyNanos, long serviceNanos, int status, long bytes) {
      statuses.add(status);
      responseBytes.add(bytes);
      if (ErrorClass.isFailedStatus(status)) {
        errors.add(ErrorClass.STATUS);
      }
    }

    @Override public void bytesRead(long count) { bytesCutShort += count; }
    @Override public void connectFailed() { errors.add(ErrorClass.CONNECT); }
    @Override public void readFailed() { errors.add(ErrorClass.READ); }
    @Override public void writeFailed() { errors.add(ErrorClass.WRITE); }
    @Override public void timedOut() { errors.add(ErrorClass.TIMEOUT); }
    @Override public void opened() { open++; }
    @Override public void closed() { open--; }
    @Override public void flushSoon(HttpConnection connection) { connection.flushNow(); }

    long count(ErrorClass errorClass) {
      return errors.get(errorClass);
    }
  }

  /** Hands out an embedded channel per dial, once the test accepts it; or refuses. */
  private final class EmbeddedDialer implements HttpConnection.Dialer {
    final ArrayDeque<ChannelHandler> pending = new ArrayDeque<>();
    int dials;
    boolean refuse;

    @Override
    public ChannelFuture dial(ChannelHandler handler) {
      dials++;
      if (refuse) {
        return loop.timers.newFailedFuture(new IOException("Connection refused"));
      }
      pending.add(handler);
      // The connection learns of success from channelActive, when the test accepts.
      return loop.timers.newSucceededFuture();
    }

    /** The server accepts the pending dial: the connection's channel becomes active. */
    EmbeddedChannel accept(ChannelHandler... before) {
      ChannelHandler handler = pending.remove();
      ChannelHandler[] pipeline = new ChannelHandler[before.length + 1];
      System.arraycopy(before, 0, pipeline, 0, before.length);
      pipeline[before.length] = handler;
      EmbeddedChannel channel = new EmbeddedChannel(pipeline);
      channels.add(channel);
      return channel;
    }
  }

  private final List<EmbeddedChannel> channels = new ArrayList<>();
  private RecordingLoop loop = new RecordingLoop(false);
  private final EmbeddedDialer dialer = new EmbeddedDialer();
  private HttpConnection connection;

  private HttpConnection connection(boolean openModel) {
    loop = new RecordingLoop(openModel);
    RequestBytes request = new RequestBytes(LoadOptions.closed(URI.create("http://127.0.0.1:8080/x"), 1, 1,
        Duration.ofSeconds(1)));
    connection = new HttpConnection(loop, request, dialer, TimeUnit.MILLISECONDS.toNanos(1));
    connection.connect();
    return connection;
  }

  @AfterEach
  void close() {
    loop.ended = true;
    if (connection != null) {
      connection.close();
    }
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    loop.timers.finishAndReleaseAll();
  }

  /** The request the connection wrote since the last call, or null. */
  private static String sent(EmbeddedChannel channel) {
    ByteBuf request = channel.readOutbound();
    // The connection's own buffer, rewritten for every request: read, never released.
    return request == null ? null : request.toString(StandardCharsets.ISO_8859_1);
  }

  private static void respond(EmbeddedChannel channel, String bytes) {
    channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    channel.runPendingTasks();
  }

  @Test
  void aKeepAliveConnectionCarriesOneRequestAfterAnother() {
    connection(false);
    EmbeddedChannel channel = dialer.accept();
    assertThat(sent(channel)).isEqualTo("GET /x HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n");
    assertThat(connection.state()).isEqualTo(HttpConnection.State.AWAITING);

    respond(channel, OK);
    assertThat(sent(channel)).startsWith("GET /x HTTP/1.1");
    respond(channel, OK);

    assertThat(loop.statuses).containsExactly(200, 200);
    assertThat(loop.responseBytes).containsExactly((long) OK.length(), (long) OK.length());
    assertThat(sent(channel)).isNotNull();
    assertThat(channel.isOpen()).isTrue();
    assertThat(dialer.dials).isEqualTo(1);
    assertThat(loop.errors.counts().total()).isZero();
  }

  @Test
  void aResponseSplitAtEveryByteCompletesOnce() {
    connection(false);
    EmbeddedChannel channel = dialer.accept();
    sent(channel);
    String response = "HTTP/1.1 100 Continue\r\n\r\n" + OK;
    for (int i = 0; i < response.length() - 1; i++) {
      respond(channel, response.substring(i, i + 1));
      assertThat(loop.statuses).isEmpty();
    }
    respond(channel, response.substring(response.length() - 1));

    assertThat(loop.statuses).containsExactly(200);
    assertThat(loop.responseBytes).containsExactly((long) response.length());
  }

  @Test
  void anHttp10ResponseWithoutKeepAliveEndsTheConnectionWithoutAFailure() {
    connection(false);
    EmbeddedChannel first = dialer.accept();
    sent(first);
    respond(first, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");

    assertThat(loop.statuses).containsExactly(200);
    assertThat(first.isOpen()).isFalse();
    assertThat(sent(first)).isNull();
    assertThat(loop.errors.counts().total()).isZero();
    assertThat(dialer.dials).isEqualTo(2);

    EmbeddedChannel second = dialer.accept();
    assertThat(sent(second)).startsWith("GET /x HTTP/1.1");
    assertThat(loop.open).isEqualTo(1);
  }

  @Test
  void anHttp10ResponseWithKeepAliveKeepsTheConnection() {
    connection(false);
    EmbeddedChannel channel = dialer.accept();
    sent(channel);
    respond(channel, "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok");

    assertThat(channel.isOpen()).isTrue();
    assertThat(sent(channel)).isNotNull();
    assertThat(dialer.dials).isEqualTo(1);
  }

  @Test
  void connectionCloseOnHttp11EndsTheConnectionWithoutAFailure() {
    connection(false);
    EmbeddedChannel channel = dialer.accept();
    sent(channel);
    respond(channel, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");

    assertThat(channel.isOpen()).isFalse();
    assertThat(loop.errors.counts().total()).isZero();
    assertThat(dialer.dials).isEqualTo(2);
  }

  @Test
  void aChunkedBodySplitInsideAChunkCountsAllItsBytes() {
    connection(false);
    EmbeddedChannel channel = dialer.accept();
    sent(channel);
    String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhel";
    String rest = "lo\r\n3\r\nabc\r\n0\r\nTrailer: x\r\n\r\n";
    respond(channel, head);
    assertThat(loop.statuses).isEmpty();
    respond(channel, rest);

    assertThat(loop.statuses).containsExactly(200);
    assertThat(loop.responseBytes).containsExactly((long) (head.length() + rest.length()));
    assertThat(sent(channel)).isNotNull();
  }

  @Test
  void statusesOutside200To399AreStatusErrorsAndTheConnectionGoesOn() {
    connection(false);
    EmbeddedChannel channel = dialer.accept();
    for (int status : new int[] {204, 302, 399, 404, 500}) {
      sent(channel);
      respond(channel, "HTTP/1.1 " + status + " X\r\nContent-Length: 0\r\n\r\n");
    }

    assertThat(loop.statuses).containsExactly(204, 302, 399, 404, 500);
    assertThat(loop.count(ErrorClass.STATUS)).isEqualTo(2);
    assertThat(loop.errors.counts().total()).isEqualTo(2);
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void aRequestOlderThanTheTimeoutCountsOnceAndTheConnectionIsOpenedAgain() {
    connection(false);
    HeldClose close = new HeldClose();
    EmbeddedChannel channel = dialer.accept(close);
    sent(channel);
    connection.checkTimeout(System.nanoTime());
    assertThat(connection.state()).isEqualTo(HttpConnection.State.AWAITING);

    long late = System.nanoTime() + loop.timeoutNanos();
    connection.checkTimeout(late);
    assertThat(close.requested()).isTrue();
    assertThat(connection.state()).isEqualTo(HttpConnection.State.CLOSING);
    connection.checkTimeout(late);
    close.release();
    channel.runPendingTasks();

    assertThat(loop.count(ErrorClass.TIMEOUT)).isEqualTo(1);
    assertThat(loop.errors.counts().total()).isEqualTo(1);
    assertThat(channel.isOpen()).isFalse();
    assertThat(connection.state()).isEqualTo(HttpConnection.State.CONNECTING);
    assertThat(dialer.dials).isEqualTo(2);
  }

  @Test
  void aConnectionClosedInsideAResponseIsAReadErrorAndItsBytesStillCount() {
    connection(false);
    EmbeddedChannel channel = dialer.accept();
    sent(channel);
    String partial = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc";
    respond(channel, partial);
    channel.close();
    channel.runPendingTasks();

    assertThat(loop.statuses).isEmpty();
    assertThat(loop.count(ErrorClass.READ)).isEqualTo(1);
    assertThat(loop.bytesCutShort).isEqualTo(partial.length());
    assertThat(dialer.dials).isEqualTo(2);
  }

  @Test
  void aBodyThatOnlyTheCloseDelimitsCompletesAtTheClose() {
    connection(false);
    EmbeddedChannel channel = dialer.accept();
    sent(channel);
    String response = "HTTP/1.1 200 OK\r\n\r\nuntil the end";
    respond(channel, response);
    assertThat(loop.statuses).isEmpty();
    channel.close();
    channel.runPendingTasks();

    assertThat(loop.statuses).containsExactly(200);
    assertThat(loop.responseBytes).containsExactly((long) response.length());
    assertThat(loop.errors.counts().total()).isZero();
  }

  @Test
  void aServerClosingAnIdleConnectionIsNoFailure() {
    connection(true);
    EmbeddedChannel channel = dialer.accept();
    assertThat(connection.state()).isEqualTo(HttpConnection.State.IDLE);
    assertThat(sent(channel)).isNull();
    channel.close();
    channel.runPendingTasks();

    assertThat(loop.errors.counts().total()).isZero();
    assertThat(connection.state()).isEqualTo(HttpConnection.State.CONNECTING);
    assertThat(dialer.dials).isEqualTo(2);
  }

  @Test
  void bytesNobodyAskedForAreAReadError() {
    connection(true);
    EmbeddedChannel channel = dialer.accept();
    respond(channel, OK);

    assertThat(loop.statuses).isEmpty();
    assertThat(loop.count(ErrorClass.READ)).isEqualTo(1);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void bytesThatAreNotHttpAreOneReadError() {
    connection(false);
    EmbeddedChannel channel = dialer.accept();
    sent(channel);
    respond(channel, "SSH-2.0-OpenSSH_9.6\r\n");

    assertThat(loop.count(ErrorClass.READ)).isEqualTo(1);
    assertThat(loop.errors.counts().total()).isEqualTo(1);
    assertThat(channel.isOpen()).isFalse();
  }

  /** Fails every flush the way a reset socket does: the failure surfaces while the connection flushes. */
  private static final class BrokenPipe extends ChannelOutboundHandlerAdapter {
    @Override
    public void flush(ChannelHandlerContext ctx) {
      ctx.fireExceptionCaught(new IOException("Broken pipe"));
    }
  }

  /**
   * Holds the connection's close until released: on a real event loop channelInactive comes in a
   * later task, and other tasks (the pacer's, the timeout sweep) may run before it.
   */
  private static final class HeldClose extends ChannelOutboundHandlerAdapter {
    private ChannelHandlerContext context;
    private ChannelPromise promise;

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
      this.context = ctx;
      this.promise = promise;
    }

    boolean requested() {
      return promise != null;
    }

    void release() {
      context.close(promise);
    }
  }

  @Test
  void aFailedFlushIsAWriteErrorNotAReadError() {
    connection(false);
    EmbeddedChannel channel = dialer.accept(new BrokenPipe());
    channel.runPendingTasks();

    assertThat(loop.count(ErrorClass.WRITE)).isEqualTo(1);
    assertThat(loop.count(ErrorClass.READ)).isZero();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aRefusedConnectCountsAndIsTriedAgainAfterAPause() {
    dialer.refuse = true;
    connection(false);
    assertThat(loop.count(ErrorClass.CONNECT)).isEqualTo(1);
    assertThat(dialer.dials).isEqualTo(1);

    loop.timers.runScheduledPendingTasks();
    assertThat(dialer.dials).isEqualTo(1);
    loop.timers.advanceTimeBy(10, TimeUnit.MILLISECONDS);
    dialer.refuse = false;
    loop.timers.runScheduledPendingTasks();

    assertThat(dialer.dials).isEqualTo(2);
    assertThat(sent(dialer.accept())).startsWith("GET /x");
    assertThat(loop.count(ErrorClass.CONNECT)).isEqualTo(1);
  }

  @Test
  void openModelRequestsDueWhileBusyWaitInTheBacklog() {
    connection(true);
    EmbeddedChannel channel = dialer.accept();
    long now = System.nanoTime();
    connection.due(now);
    connection.due(now + 1);
    assertThat(sent(channel)).isNotNull();
    assertThat(sent(channel)).isNull();

    respond(channel, OK);
    assertThat(sent(channel)).isNotNull();
    respond(channel, OK);
    assertThat(sent(channel)).isNull();
    assertThat(connection.state()).isEqualTo(HttpConnection.State.IDLE);
    assertThat(loop.statuses).hasSize(2);
  }

  @Test
  void aRequestDueWhileTheConnectionClosesGoesOutOnTheNextConnection() {
    connection(true);
    HeldClose close = new HeldClose();
    EmbeddedChannel first = dialer.accept(close);
    connection.due(System.nanoTime());
    sent(first);
    respond(first, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
    assertThat(close.requested()).isTrue();
    assertThat(connection.state()).isEqualTo(HttpConnection.State.CLOSING);
    connection.due(System.nanoTime());
    assertThat(sent(first)).isNull();
    close.release();
    first.runPendingTasks();

    EmbeddedChannel second = dialer.accept();
    assertThat(sent(second)).startsWith("GET /x");
    assertThat(connection.state()).isEqualTo(HttpConnection.State.AWAITING);
    assertThat(loop.errors.counts().total()).isZero();
  }

  @Test
  void theRunsEndClosesTheConnectionAndNothingReconnects() {
    connection(false);
    EmbeddedChannel channel = dialer.accept();
    sent(channel);
    loop.ended = true;
    connection.close();
    channel.runPendingTasks();

    assertThat(channel.isOpen()).isFalse();
    assertThat(dialer.dials).isEqualTo(1);
    assertThat(loop.errors.counts().total()).isZero();
    assertThat(loop.open).isZero();
    connection = null;
  }
}
