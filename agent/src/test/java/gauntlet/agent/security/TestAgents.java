package gauntlet.agent.security;

import java.util.concurrent.CompletableFuture;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import gauntlet.v1.SessionMessage;
import gauntlet.v1.SessionEvent;
import gauntlet.v1.OpenSession;
import gauntlet.v1.AgentGrpc;
import gauntlet.agent.AgentLimitsConfig;
import gauntlet.agent.AgentServer;
import gauntlet.agent.AgentSettings;
import gauntlet.agent.Launchers;
import gauntlet.agent.target.GoServerBuild;
import gauntlet.agent.target.HostRuntimes;
import gauntlet.agent.target.ServerPorts;
import gauntlet.agent.target.process.ProcessLauncher;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Real agents (process launcher, no Docker) for the security tests, and channels to them. */
public final class TestAgents {
  private TestAgents() {}

  /** A name no other test's agent has, so cgroups and labels never collide. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + Long.toHexString(System.nanoTime());
  }

  public static AgentServer start(String name, String host, Path work, AgentSecurity security, AgentLimitsConfig limits) {
    return start(name, host, 0, work, security, limits);
  }

  public static AgentServer start(String name, String host, int port, Path work, AgentSecurity security,
      AgentLimitsConfig limits) {
    HostRuntimes runtimes = HostRuntimes.detect();
    ProcessLauncher launcher = new ProcessLauncher(name, work.resolve("targets"), runtimes,
        new GoServerBuild(work.resolve("cache"), runtimes));
    AgentSettings settings = new AgentSettings(name, host, port, Duration.ofSeconds(10), limits, Set.of(),
        Optional.empty(), Optional.of("process"), work, security);
    return AgentServer.start(settings, new Launchers(List.of(launcher), Map.of()), runtimes);
  }

  public static ManagedChannel channel(String host, int port, ChannelCredentials credentials) {
    return Grpc.newChannelBuilderForAddress(host, port, credentials).build();
  }

  public static void close(ManagedChannel channel) throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** A token file of 32 random hex characters, owner-readable only. */
  public static Path tokenFile(Path directory, String name) throws IOException {
    byte[] bytes = new byte[16];
    new java.security.SecureRandom().nextBytes(bytes);
    StringBuilder hex = new StringBuilder();
    for (byte b : bytes) {
      hex.append(String.format("%02x", b));
    }
    Path file = directory.resolve(name);
    Files.writeString(file, hex + "\n");
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /** A loopback port for a server that binds it later; see {@link ServerPorts} for why not bind(0). */
  public static int freePort() {
    return ServerPorts.freeLoopbackPort();
  }

  /** True when something accepts connections on 127.0.0.1:port. */
  public static boolean listening(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Entries of a folder, none when it does not exist. */
  public static List<Path> entries(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }

  /** A session opened on an agent: its request stream (complete it to end the session) and its id. */
  public record OpenedSession(StreamObserver<SessionMessage> requests, String id) {}

  /** Opens a session for {@code runId} through {@code stub} and waits until the agent has opened it. */
  public static OpenedSession openSession(AgentGrpc.AgentStub stub, String runId) throws Exception {
    CompletableFuture<String> opened = new CompletableFuture<>();
    StreamObserver<SessionMessage> requests = stub.session(new StreamObserver<>() {
      @Override
      public void onNext(SessionEvent event) {
        opened.complete(event.getOpened().getSessionId());
      }

      @Override
      public void onError(Throwable t) {
        opened.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    });
    requests.onNext(SessionMessage.newBuilder().setOpen(OpenSession.newBuilder().setRunId(runId)).build());
    return new OpenedSession(requests, opened.get(20, TimeUnit.SECONDS));
  }

  /**
   * Opens a session for {@code runId} through {@code stub}; completes with OK ("opened ID") when the
   * agent opens it, or with the status the agent refused it with.
   */
  public static CompletableFuture<Status> sessionOutcome(AgentGrpc.AgentStub stub, String runId) {
    CompletableFuture<Status> outcome = new CompletableFuture<>();
    StreamObserver<SessionMessage> requests = stub.session(new StreamObserver<>() {
      @Override
      public void onNext(SessionEvent event) {
        outcome.complete(Status.OK.withDescription("opened " + event.getOpened().getSessionId()));
      }

      @Override
      public void onError(Throwable t) {
        outcome.complete(Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        outcome.complete(Status.OK);
      }
    });
    requests.onNext(SessionMessage.newBuilder().setOpen(OpenSession.newBuilder().setRunId(runId)).build());
    return outcome;
  }
}
