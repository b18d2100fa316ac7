package gauntlet.agent.rpc;

import gauntlet.agent.target.HostCpuMeter;
import gauntlet.agent.target.RunningTarget;
import gauntlet.v1.ResourceSample;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Streams one target's resource samples at a fixed rate until the call or the session ends. */
final class TargetWatch implements AutoCloseable {
  private final RunningTarget target;
  private final ServerCallStreamObserver<ResourceSample> out;
  private final HostCpuMeter host = new HostCpuMeter();
  private ScheduledFuture<?> ticks;
  private boolean done;

  TargetWatch(RunningTarget target, ServerCallStreamObserver<ResourceSample> out) {
    this.target = target;
    this.out = out;
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
      ResourceSample.Builder sample = WireMapping.resourceSample(target.sample()).toBuilder();
      OptionalDouble machine = host.sample();
      out.onNext(sample.setHostCpuPct(machine.orElse(-1)).setHostCores(host.cores()).build());
    } catch (RuntimeException e) {
      // The target went away under us (stopped, crashed): end the stream, keep the agent going.
      finish(e);
    }
  }

  private synchronized void cancelled() {
    done = true;
    if (ticks != null) {
      ticks.cancel(false);
    }
  }

  private synchronized void finish(Throwable failure) {
    if (done) {
      return;
    }
    done = true;
    if (ticks != null) {
      ticks.cancel(false);
    }
    if (failure == null) {
      out.onCompleted();
    } else {
      out.onError(Statuses.of(failure));
    }
  }

  @Override
  public void close() {
    finish(null);
  }
}
