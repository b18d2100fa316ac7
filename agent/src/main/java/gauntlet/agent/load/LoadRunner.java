package gauntlet.agent.load;

import gauntlet.core.IntervalSnapshot;

import gauntlet.core.WallClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load run. Its collector thread waits for the start instant, opens the connections, then at
 * each interval boundary gathers every loop's figures, merges them and hands the snapshot to the
 * listener; at the end it closes everything and completes {@link #completion()}.
 */
final class LoadRunner implements LoadRun {
  private static final Logger log = LoggerFactory.getLogger(LoadRunner.class);
  /** How long the collector waits for a loop's interval before carrying it into the next one. */
  private static final long LOOP_ANSWER_MILLIS = 5_000;

  private final LoadOptions options;
  private final long startAtUnixNanos;
  private final LoadListener listener;
  private final Transport transport;
  private final Optional<String> transportNote;
  private final boolean batchFlushes;
  private final CompletableFuture<LoadOutcome> completion = new CompletableFuture<>();
  private final Thread collector;
  private volatile boolean stopRequested;

  LoadRunner(LoadOptions options, long startAtUnixNanos, LoadListener listener, Transport transport,
      Optional<String> transportNote, boolean batchFlushes, String name) {
    this.options = options;
    this.startAtUnixNanos = startAtUnixNanos;
    this.listener = listener;
    this.transport = transport;
    this.transportNote = transportNote;
    this.batchFlushes = batchFlushes;
    this.collector = new Thread(this::collect, name + "-collector");
    this.collector.setDaemon(true);
  }

  void start() {
    collector.start();
  }

  @Override
  public CompletableFuture<LoadOutcome> completion() {
    return completion;
  }

  @Override
  public void stop() {
    stopRequested = true;
    LockSupport.unpark(collector);
  }

  private void collect() {
    MultiThreadIoEventLoopGroup group = null;
    Pacer pacer = null;
    TimeoutSweeper sweeper = null;
    try {
      InetSocketAddress address = resolve();
      group = new MultiThreadIoEventLoopGroup(options.threads(), new DefaultThreadFactory("gauntlet-load", true),
          transport.ioHandlers());
      waitUntilStart();
      if (stopRequested) {
        long now = WallClock.nowUnixNanos();
        completion.complete(new LoadOutcome(now, now, now, true));
        return;
      }
      long startNanos = System.nanoTime();
      long startWall = WallClock.nowUnixNanos();
      IntervalGrid grid = new IntervalGrid(startNanos, options.warmup(), options.duration(), options.interval());
      List<LoopWorker> workers = workers(group, grid, address);
      transportNote.ifPresent(listener::transportNote);
      listener.started(startWall, transport.name());
      for (LoopWorker worker : workers) {
        worker.loop().execute(worker::begin);
      }
      sweeper = new TimeoutSweeper(workers, TimeoutSweeper.periodFor(options.timeout().toNanos()),
          Thread.currentThread().getName() + "-timeouts");
      sweeper.start();
      if (options.openModel()) {
        pacer = new Pacer(workers, startNanos, grid.endNanos(), Thread.currentThread().getName() + "-pacer");
        pacer.start();
      }
      LoopCpu loopCpu = new LoopCpu(workers);
      MultiThreadIoEventLoopGroup loops = group;
      Pacer pacing = pacer;
      TimeoutSweeper sweeping = sweeper;
      boolean stoppedEarly = deliverIntervals(grid, workers, startNanos, startWall, loopCpu,
          () -> finish(loops, pacing, sweeping));
      long measuredStart = startWall + (grid.measuredStartNanos() - startNanos);
      long end = startWall + (grid.endNanos() - startNanos);
      finish(group, pacer, sweeper);
      group = null;
      completion.complete(new LoadOutcome(startWall, measuredStart, end, stoppedEarly));
    } catch (Throwable t) {
      log.warn("Load run failed: {}", t.toString());
      if (group != null) {
        finish(group, pacer, sweeper);
      }
      completion.completeExceptionally(t);
    }
  }

  private InetSocketAddress resolve() throws UnknownHostException {
    String host = options.url().getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = options.url().getPort() > 0 ? options.url().getPort() : 80;
    return new InetSocketAddress(InetAddress.getByName(host), port);
  }

  private void waitUntilStart() {
    while (!stopRequested) {
      long left = startAtUnixNanos - WallClock.nowUnixNanos();
      if (left <= 0) {
        return;
      }
      // Waiting for an agreed instant of the wall clock, not for another thread.
      LockSupport.parkNanos(this, left);
    }
  }

  private List<LoopWorker> workers(MultiThreadIoEventLoopGroup group, IntervalGrid grid, InetSocketAddress address) {
    RequestBytes request = new RequestBytes(options);
    Bootstrap bootstrap = new Bootstrap()
        .channel(transport.channelType())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis()));
    List<LoopWorker> workers = new ArrayList<>();
    int threads = options.threads();
    for (int i = 0; i < threads; i++) {
      EventLoop loop = group.next();
      int connections = options.connections() / threads + (i < options.connections() % threads ? 1 : 0);
      double loopRate = options.rate() * connections / options.connections();
      workers.add(new LoopWorker(loop, grid, options, connections, loopRate, request,
          bootstrap.clone().group(loop), address, batchFlushes));
    }
    return workers;
  }

  /** Waits out each interval, then merges and delivers it; true when stopped before the end. */
  private boolean deliverIntervals(IntervalGrid grid, List<LoopWorker> workers, long startNanos, long startWall,
      LoopCpu loopCpu, Runnable endLoops) throws InterruptedException {
    IntervalCollector collector = new IntervalCollector(workers, options.openModel(), LOOP_ANSWER_MILLIS);
    boolean stoppedEarly = false;
    for (int index = 0; index <= grid.lastIndex(); index++) {
      while (!stopRequested) {
        long left = grid.end(index) - System.nanoTime();
        if (left <= 0) {
          break;
        }
        LockSupport.parkNanos(this, left);
      }
      if (stopRequested && !stoppedEarly && System.nanoTime() < grid.end(index)) {
        grid.truncate(System.nanoTime());
        stoppedEarly = true;
      }
      for (LoopWorker worker : workers) {
        worker.requestRotation(index);
      }
      listener.interval(merge(index, grid, collector, endLoops, startNanos, startWall,
          loopCpu.busiestPercentSinceLast()));
    }
    return stoppedEarly;
  }

  private IntervalSnapshot merge(int index, IntervalGrid grid, IntervalCollector collector, Runnable endLoops,
      long startNanos, long startWall, double busiestLoopCpu) throws InterruptedException {
    IntervalCollector.Merged m = collector.collect(index, index == grid.lastIndex() ? endLoops : null);
    return new IntervalSnapshot(startWall + (grid.start(index) - startNanos), startWall + (grid.end(index) - startNanos),
        grid.isWarmup(index), m.requests(), m.bytes(), m.errors(), m.latency(), m.serviceTime(), m.connectionsOpen(),
        busiestLoopCpu);
  }

  /** Stops the run's threads, the sweeper first: it hands tasks to the loops. Idempotent. */
  private void finish(MultiThreadIoEventLoopGroup group, Pacer pacer, TimeoutSweeper sweeper) {
    if (sweeper != null) {
      sweeper.close();
    }
    if (pacer != null) {
      pacer.stop();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    if (pacer != null) {
      try {
        pacer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
