package gauntlet.agent.load;

import gauntlet.core.ErrorClass;
import gauntlet.core.ErrorTally;

import gauntlet.wire.LatencyHistograms;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * Everything one event loop owns: its connections and the figures of the current interval. Only the
 * loop's thread touches these fields, so recording takes no lock; the collector gets each finished
 * interval through a queue and gives the histograms back for reuse.
 */
final class LoopWorker implements PacedLoop, TimeoutSweeper.SweptLoop, IntervalCollector.Source, ConnectionLoop {
  private final EventLoop loop;
  private final IntervalGrid grid;
  private final LoadOptions options;
  private final HttpConnection[] connections;
  private final boolean openModel;
  private final BlockingQueue<LoopInterval> finished;
  private final ConcurrentLinkedQueue<Histogram> spares = new ConcurrentLinkedQueue<>();
  private final long timeoutNanos;

  // The current interval: written by the loop thread only.
  private int index;
  private Histogram latency;
  private Histogram serviceTime;
  private long requests;
  private long bytes;
  private final ErrorTally errors = new ErrorTally();
  private int connectionsOpen;
  private boolean ended;

  // Flushes are gathered and done once per loop iteration, after every read of that iteration.
  private final HttpConnection[] toFlush;
  private int toFlushCount;
  private boolean flushQueued;
  private final Runnable flushTask = this::flushAll;
  private final boolean batchFlushes;

  // Rotation the collector asks for, for intervals in which this loop saw no response.
  private volatile int rotateUpTo = -1;
  private final Runnable rotateTask = this::rotateRequested;

  // Open model: requests are due at fixed instants, dealt round-robin over this loop's connections.
  private final DueTimes dueTimes;
  private long nextRequest;
  private final AtomicBoolean pacingQueued = new AtomicBoolean();
  private final Runnable pacingTask = this::sendDueRequests;

  private final Runnable sweepTask = this::sweepTimeouts;
  private volatile long threadId = -1;

  LoopWorker(EventLoop loop, IntervalGrid grid, LoadOptions options, int connectionCount, double loopRate,
      RequestBytes request, Bootstrap bootstrap, InetSocketAddress address, boolean batchFlushes) {
    this.loop = loop;
    this.grid = grid;
    this.options = options;
    this.openModel = loopRate > 0;
    this.finished = new ArrayBlockingQueue<>(grid.lastIndex() + 2);
    this.timeoutNanos = options.timeout().toNanos();
    this.batchFlushes = batchFlushes;
    this.latency = LatencyHistograms.create();
    this.serviceTime = openModel ? LatencyHistograms.create() : null;
    this.connections = new HttpConnection[connectionCount];
    this.toFlush = new HttpConnection[connectionCount];
    this.dueTimes = openModel ? DueTimes.forRate(grid.startNanos(), loopRate) : null;
    long connectionPeriod = openModel ? dueTimes.periodNanos(connectionCount) : 0;
    for (int i = 0; i < connectionCount; i++) {
      connections[i] = new HttpConnection(this, request, bootstrap, address, connectionPeriod);
    }
  }

  @Override
  public EventLoop loop() {
    return loop;
  }

  @Override
  public boolean openModel() {
    return openModel;
  }

  @Override
  public long timeoutNanos() {
    return timeoutNanos;
  }

  /** Opens every connection. Called on the loop. */
  void begin() {
    threadId = Thread.currentThread().getId();
    for (HttpConnection connection : connections) {
      connection.connect();
    }
  }

  /** The loop's thread, once {@link #begin()} has run on it; -1 before. */
  long threadId() {
    return threadId;
  }

  @Override
  public boolean ended() {
    return ended;
  }

  // ---------------------------------------------------------------------------------------------
  // Recording, on the loop thread

  /** Brings the current interval up to {@code now}; returns false once the run has ended. */
  @Override
  public boolean advanceTo(long now) {
    if (ended) {
      return false;
    }
    while (now >= grid.end(index)) {
      publish();
      if (index >= grid.lastIndex()) {
        end();
        return false;
      }
      index++;
    }
    return true;
  }

  @Override
  public void recordResponse(long latencyNanos, long serviceNanos, int status, long responseBytes) {
    latency.recordValue(micros(latencyNanos));
    bytes += responseBytes;
    if (serviceTime != null) {
      serviceTime.recordValue(micros(serviceNanos));
    }
    requests++;
    if (ErrorClass.isFailedStatus(status)) {
      errors.add(ErrorClass.STATUS);
    }
  }

  private static long micros(long nanos) {
    return Math.min(LatencyHistograms.HIGHEST_TRACKABLE_MICROS, Math.max(1, (nanos + 500) / 1000));
  }

  @Override
  public void bytesRead(long count) {
    bytes += count;
  }

  @Override
  public void connectFailed() {
    errors.add(ErrorClass.CONNECT);
  }

  @Override
  public void readFailed() {
    errors.add(ErrorClass.READ);
  }

  @Override
  public void writeFailed() {
    errors.add(ErrorClass.WRITE);
  }

  @Override
  public void timedOut() {
    errors.add(ErrorClass.TIMEOUT);
  }

  @Override
  public void opened() {
    connectionsOpen++;
  }

  @Override
  public void closed() {
    connectionsOpen--;
  }

  private void publish() {
    Histogram nextLatency = spare();
    Histogram nextService = openModel ? spare() : null;
    finished.add(new LoopInterval(index, latency, serviceTime, requests, bytes, errors.drain(), connectionsOpen));
    latency = nextLatency;
    serviceTime = nextService;
    requests = 0;
    bytes = 0;
  }

  private Histogram spare() {
    Histogram h = spares.poll();
    return h != null ? h : LatencyHistograms.create();
  }

  // ---------------------------------------------------------------------------------------------
  // Collector side (other threads)

  /** Asks the loop to publish every interval up to {@code lastIndex} (it may have seen no response). */
  void requestRotation(int lastIndex) {
    rotateUpTo = lastIndex;
    loop.execute(rotateTask);
  }

  private void rotateRequested() {
    int upTo = rotateUpTo;
    while (!ended && index <= upTo) {
      publish();
      if (index >= grid.lastIndex()) {
        end();
      } else {
        index++;
      }
    }
  }

  /** The next finished interval of this loop, waiting up to {@code timeoutMillis}. */
  @Override
  public LoopInterval takeFinished(long timeoutMillis) throws InterruptedException {
    return finished.poll(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Gives a histogram back once its figures have been merged. */
  @Override
  public void recycle(Histogram histogram) {
    if (histogram != null) {
      histogram.reset();
      spares.add(histogram);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Flushing

  /** Flushes {@code connection} at the end of this loop iteration, with every other one due. */
  @Override
  public void flushSoon(HttpConnection connection) {
    if (!batchFlushes) {
      connection.flushNow();
      return;
    }
    toFlush[toFlushCount++] = connection;
    if (!flushQueued) {
      flushQueued = true;
      loop.execute(flushTask);
    }
  }

  private void flushAll() {
    flushQueued = false;
    int count = toFlushCount;
    toFlushCount = 0;
    for (int i = 0; i < count; i++) {
      HttpConnection connection = toFlush[i];
      toFlush[i] = null;
      connection.flushNow();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Open model pacing

  /** When this loop's requests fall due. */
  @Override
  public DueTimes dueTimes() {
    return dueTimes;
  }

  /** Called by the pacing thread when a request is due; queues at most one pacing task. */
  @Override
  public void wakeForDueRequests() {
    if (pacingQueued.compareAndSet(false, true)) {
      loop.execute(pacingTask);
    }
  }

  private void sendDueRequests() {
    pacingQueued.set(false);
    long now = System.nanoTime();
    if (ended || !advanceTo(now)) {
      return;
    }
    long end = grid.endNanos();
    while (true) {
      // Saturates at Long.MAX_VALUE, so this ends at the run's end whatever the rate.
      long due = dueTimes.due(nextRequest);
      if (due > now || due >= end) {
        return;
      }
      connections[(int) (nextRequest % connections.length)].due(due);
      nextRequest++;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Timeouts and the end

  /** Called by the run's {@link TimeoutSweeper}, from its thread. */
  @Override
  public void sweepTimeoutsSoon() {
    loop.execute(sweepTask);
  }

  private void sweepTimeouts() {
    long now = System.nanoTime();
    if (!advanceTo(now)) {
      return;
    }
    for (HttpConnection connection : connections) {
      connection.checkTimeout(now);
    }
  }

  private void end() {
    ended = true;
    for (HttpConnection connection : connections) {
      connection.close();
    }
  }

  /** Ends this loop's part of the run now, if the grid has not already ended it. Called on the loop. */
  void endNow() {
    if (!ended) {
      rotateUpTo = grid.lastIndex();
      rotateRequested();
    }
  }
}
