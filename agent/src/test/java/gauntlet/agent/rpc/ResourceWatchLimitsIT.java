package gauntlet.agent.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.agent.Launchers;
import gauntlet.agent.security.TestAgents;
import gauntlet.agent.target.HostRuntimes;
import gauntlet.agent.target.ResourceSample;
import gauntlet.agent.target.RunningTarget;
import gauntlet.agent.target.StartCancellation;
import gauntlet.agent.target.TargetConfig;
import gauntlet.agent.target.TargetLabels;
import gauntlet.agent.target.TargetLauncher;
import gauntlet.v1.AgentGrpc;
import gauntlet.v1.StartTargetRequest;
import gauntlet.v1.TargetSpec;
import gauntlet.v1.WatchTargetRequest;
import io.grpc.Context;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource watches are bounded: 50 watches at 1 ms once kept a core of the agent busy. A watch
 * interval below 100 ms is refused, and one session may hold at most 8 watches at once.
 */
class ResourceWatchLimitsIT {
  @TempDir
  Path work;

  @Test
  void aTooShortIntervalAndTooManyWatchesAreRefused() throws Exception {
    AgentSettings settings = new AgentSettings(TestAgents.uniqueName("watch-it"), "127.0.0.1", 0, Duration.ofSeconds(10),
        AgentLimitsConfig.DEFAULT, Set.of(), Optional.empty(), Optional.of("still"), work);
    try (AgentServer agent = AgentServer.start(settings, new Launchers(List.of(new StillLauncher()), Map.of()),
        HostRuntimes.detect())) {
      ManagedChannel channel = TestAgents.channel("127.0.0.1", agent.port(), InsecureChannelCredentials.create());
      try {
        TestAgents.OpenedSession session = TestAgents.openSession(AgentGrpc.newStub(channel), "watches");
        String targetId = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
            .startTarget(StartTargetRequest.newBuilder().setSessionId(session.id()).setCellId("c")
                .setSpec(TargetSpec.newBuilder().setRuntime("go")).build()).getTargetId();
        WatchTargetRequest.Builder watch = WatchTargetRequest.newBuilder().setSessionId(session.id())
            .setTargetId(targetId);

        Status fast = new Watch(channel, watch.setIntervalMs(1).build()).ended.get(20, TimeUnit.SECONDS);
        assertThat(fast.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(fast.getDescription())
            .isEqualTo("resource watch interval of 1 ms is outside 100 to 60000 ms (0: the default of 1 s)");

        List<Watch> open = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          Watch w = new Watch(channel, watch.setIntervalMs(100).build());
          w.firstSample.get(20, TimeUnit.SECONDS);
          open.add(w);
        }
        Status ninth = new Watch(channel, watch.setIntervalMs(100).build()).ended.get(20, TimeUnit.SECONDS);
        assertThat(ninth.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(ninth.getDescription()).isEqualTo(
            "Run 'watches' already watches 8 targets' resources, the most one session may; cancel a watch first");

        open.get(0).cancel();
        // The cancelled watch leaves the session (asynchronously): a new one is soon accepted again.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Watch again;
        do {
          again = new Watch(channel, watch.setIntervalMs(100).build());
        } while (CompletableFuture.anyOf(again.firstSample, again.ended).get(20, TimeUnit.SECONDS) instanceof Status s
            && s.getCode() == Status.Code.RESOURCE_EXHAUSTED && System.nanoTime() < deadline);
        assertThat(again.firstSample).as("a watch after one was cancelled").isDone();
        session.requests().onCompleted();
      } finally {
        TestAgents.close(channel);
      }
    }
  }

  /** One WatchTarget call: its first sample, or how it ended. */
  private static final class Watch {
    final CompletableFuture<Object> firstSample = new CompletableFuture<>();
    final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final Context.CancellableContext context = Context.current().withCancellation();

    Watch(ManagedChannel channel, WatchTargetRequest request) {
      context.run(() -> AgentGrpc.newStub(channel).watchTarget(request, new StreamObserver<>() {
        @Override
        public void onNext(gauntlet.v1.ResourceSample sample) {
          firstSample.complete(sample);
        }

        @Override
        public void onError(Throwable t) {
          ended.complete(Status.fromThrowable(t));
          firstSample.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
          ended.complete(Status.OK);
        }
      }));
    }

    void cancel() {
      context.cancel(null);
    }
  }

  /** A target that is always there and never busy: the watch limits need no real server. */
  private static final class StillLauncher implements TargetLauncher {
    @Override
    public String name() {
      return "still";
    }

    @Override
    public RunningTarget start(TargetConfig config, TargetLabels labels, StartCancellation cancellation) {
      return new RunningTarget() {
        @Override
        public String handle() {
          return "still-1";
        }

        @Override
        public String image() {
          return "";
        }

        @Override
        public double cpus() {
          return 1;
        }

        @Override
        public long memoryBytes() {
          return 0;
        }

        @Override
        public List<String> warnings() {
          return List.of();
        }

        @Override
        public String runtimeVersion() {
          return "none";
        }

        @Override
        public ResourceSample sample() {
          return new ResourceSample(System.currentTimeMillis() * 1_000_000, 0, 1024, 1);
        }

        @Override
        public String outputTail(int lines) {
          return "";
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void close() {}
  }
}
