package gauntlet.agent.target;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets whoever asked for a target start (a session) call it off while it runs. A launcher's waits
 * (health polls, the pauses between them) wait on this as well as on time, so a session that ends
 * stops its pending start at once, not when the health timeout runs out. Closing it cancels it.
 */
public final class StartCancellation implements AutoCloseable {
  private final CompletableFuture<String> cancelled = new CompletableFuture<>();

  /** Calls the start off; the first reason wins. */
  public void cancel(String why) {
    cancelled.complete(why);
  }

  public boolean isCancelled() {
    return cancelled.isDone();
  }

  /** Why the start was called off, once it was. */
  public Optional<String> reason() {
    return Optional.ofNullable(cancelled.getNow(null));
  }

  /**
   * @throws TargetException naming {@code what} and the reason, once the start was called off
   */
  public void throwIfCancelled(String what) throws TargetException {
    Optional<String> why = reason();
    if (why.isPresent()) {
      throw cancelledException(what, why.get());
    }
  }

  /** Waits for {@code work} to finish, or the start to be called off (then cancels {@code work}). */
  public <T> T await(CompletableFuture<T> work, String what) throws TargetException, ExecutionException {
    try {
      CompletableFuture.anyOf(work, cancelled).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      work.cancel(true);
      throw new TargetException("Interrupted while " + what);
    }
    if (!work.isDone()) {
      work.cancel(true);
      throwIfCancelled(what);
    }
    try {
      return work.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException("Interrupted while " + what);
    }
  }

  /** Pauses for {@code time}, returning early when the start is called off (then throws). */
  public void pause(Duration time, String what) throws TargetException {
    try {
      cancelled.get(time.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException("Interrupted while " + what);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a cancellation never fails", e);
    }
    throwIfCancelled(what);
  }

  private static TargetException cancelledException(String what, String why) {
    return new TargetException("Stopped " + what + ": " + why);
  }

  @Override
  public void close() {
    cancel("its session ended");
  }
}
