package gauntlet.agent.target;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a target's URL until it answers 200, the target dies, it gives an answer that will not
 * change ({@link #isFinal}), time runs out, or the start is called off (its session ended): a poll
 * in flight and the pause between polls end at once then.
 */
public final class HealthCheck {
  private static final Duration FIRST_PAUSE = Duration.ofMillis(20);
  private static final Duration LONGEST_PAUSE = Duration.ofMillis(250);

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1))
      .build();

  /**
   * Returns once {@code url} answers 200.
   *
   * @param what names the target in messages, e.g. "the node container"
   * @param alive false once the target has exited, so a crash is reported at once
   * @param outputTail the target's last output, attached to failures
   * @param cancellation ends the wait early, with a TargetException naming why
   */
  public void awaitHealthy(String what, URI url, Duration timeout, BooleanSupplier alive,
      Supplier<String> outputTail, StartCancellation cancellation) throws TargetException {
    String waiting = "waiting for the " + what + " to answer on " + url;
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration pause = FIRST_PAUSE;
    String lastProblem = "no answer yet";
    while (true) {
      if (!alive.getAsBoolean()) {
        throw new TargetException(
            "The " + what + " exited before it answered on " + url, outputTail.get(), null);
      }
      cancellation.throwIfCancelled(waiting);
      try {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(1)).GET().build();
        int status = cancellation.await(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()), waiting)
            .statusCode();
        if (status == 200) {
          return;
        }
        if (isFinal(status)) {
          throw new TargetException("The " + what + " answered " + status + " on " + url + ", an answer that waiting"
              + " will not change; check the path of load.url, which is also the health check's", outputTail.get(),
              null);
        }
        lastProblem = "it answered " + status;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() instanceof IOException ? e.getCause() : e;
        lastProblem = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TargetException(
            "The " + what + " did not answer 200 on " + url + " within " + timeout.toSeconds()
                + " s (" + lastProblem + ")",
            outputTail.get(), null);
      }
      // Polling a server we do not control: nothing to wait on but time, or the session's end.
      cancellation.pause(Duration.ofNanos(Math.min(left, pause.toNanos())), waiting);
      pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
    }
  }

  /**
   * Whether a status from a server that answered is its last word. Only 503 (not ready yet, by
   * definition), 429 (slow down) and 408 (it timed the poll out) may change by waiting; anything
   * else — 404 for a mistyped path, 500 from a broken handler, a redirect — is what every poll
   * until the timeout would get.
   */
  static boolean isFinal(int status) {
    return status != 503 && status != 429 && status != 408;
  }
}
