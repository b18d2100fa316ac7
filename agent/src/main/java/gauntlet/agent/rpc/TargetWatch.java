package gauntlet.agent.rpc;

import gauntlet.agent.session.Session;
import gauntlet.agent.target.HostCpuMeter;
import gauntlet.agent.target.RunningTarget;
import gauntlet.core.WallClock;
import gauntlet.v1.ResourceSample;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Streams one target's resource samples at a fixed rate until the call or the session ends. */
final class TargetWatch implements AutoCloseable {
  /** Sampling a cgroup or docker stats more often costs CPU on the target's machine and says nothing more. */
  static final Duration MIN_INTERVAL = Duration.ofMillis(100);
  static final Duration MAX_INTERVAL = Duration.ofMinutes(1);
  /** A controller watches one target per cell; more at once is a mistake or an attack. */
  static final int MAX_PER_SESSION = 8;

  private final RunningTarget target;
  private final ServerCallStreamObserver<ResourceSample> out;
  private final HostCpuMeter host = new HostCpuMeter();
  private final Session owner;
  private ScheduledFuture<?> ticks;
  private boolean done;

  /** @param owner the session the watch belongs to; an ended watch leaves it, so it no longer counts */
  TargetWatch(RunningTarget target, ServerCallStreamObserver<ResourceSample> out, Session owner) {
    this.target = target;
    this.out = out;
    this.owner = owner;
  }

  synchronized void start(ScheduledExecutorService scheduler, Duration interval) {
    out.setOnCancelHandler(this::cancelled);
    // The first reading is the baseline for the CPU delta; it is not worth sending.
    target.sample();
    host.sample();
    ticks = scheduler.scheduleAtFixedRate(this::tick, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  private synchronized void tick() {
    if (done) {
      return;
    }
    try {
      if (reportedGone()) {
        return;
      }
      ResourceSample.Builder sample = WireMapping.resourceSample(target.sample()).toBuilder();
      OptionalDouble machine = host.sample();
      // Marked first: once the controller has the sample, its next heartbeat must find the mark.
      owner.reported();
      out.onNext(sample.setHostCpuPct(machine.orElse(-1)).setHostCores(host.cores()).build());
    } catch (RuntimeException e) {
      // The target went away under us (stopped, crashed): say why when we can, keep the agent going.
      if (!reportedGone()) {
        finish(e);
      }
    }
  }

  /** Sends why the target stopped serving and ends the stream, when it has. */
  private boolean reportedGone() {
    Optional<String> gone = target.gone();
    if (gone.isEmpty()) {
      return false;
    }
    out.onNext(ResourceSample.newBuilder().setUnixNanos(WallClock.nowUnixNanos())
        .setTargetGone(gone.get()).build());
    finish(null);
    return true;
  }

  /** The controller cancelled the call: nothing is left to send. */
  private synchronized void cancelled() {
    end();
  }

  private synchronized void finish(Throwable failure) {
    if (!end()) {
      return;
    }
    if (failure == null) {
      out.onCompleted();
    } else {
      out.onError(Statuses.of(failure));
    }
  }

  /** Stops the ticks and leaves the session; false when the watch had already ended. Holds this. */
  private boolean end() {
    if (done) {
      return false;
    }
    done = true;
    if (ticks != null) {
      ticks.cancel(false);
    }
    owner.forget(this);
    return true;
  }

  @Override
  public void close() {
    finish(null);
  }
}
