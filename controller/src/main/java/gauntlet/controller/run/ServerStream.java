package gauntlet.controller.run;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A server-streaming call in progress: each message goes to a consumer, the end completes
 * {@link #done()}, and {@link #cancel()} ends it from our side.
 */
final class ServerStream<T> implements ClientResponseObserver<Object, T> {
  private final Consumer<T> onMessage;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile ClientCallStreamObserver<Object> call;
  private volatile boolean cancelRequested;

  ServerStream(Consumer<T> onMessage) {
    this.onMessage = onMessage;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Object> requestStream) {
    this.call = requestStream;
    if (cancelRequested) {
      requestStream.cancel("cancelled by the controller", null);
    }
  }

  @Override
  public void onNext(T value) {
    onMessage.accept(value);
  }

  @Override
  public void onError(Throwable t) {
    if (cancelRequested) {
      done.complete(null);
    } else {
      done.completeExceptionally(t);
    }
  }

  @Override
  public void onCompleted() {
    done.complete(null);
  }

  /** Completes normally when the server ends the stream or after {@link #cancel()}. */
  CompletableFuture<Void> done() {
    return done;
  }

  void cancel() {
    cancelRequested = true;
    ClientCallStreamObserver<Object> current = call;
    if (current != null) {
      current.cancel("cancelled by the controller", null);
    }
  }
}
