package gauntlet.agent.target.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** {@code docker logs --tail N}: the last lines a container wrote to stdout and stderr. */
final class ContainerLogs {
  private static final long WAIT_SECONDS = 10;

  private ContainerLogs() {}

  static String tail(DockerClient docker, String containerId, int lines) {
    LineTail tail = new LineTail(Math.max(1, lines));
    try (ResultCallback.Adapter<Frame> logs = docker.logContainerCmd(containerId)
        .withStdOut(true)
        .withStdErr(true)
        .withTail(Math.max(1, lines))
        .exec(new ResultCallback.Adapter<>() {
          @Override
          public void onNext(Frame frame) {
            tail.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
          }
        })) {
      if (!logs.awaitCompletion(WAIT_SECONDS, TimeUnit.SECONDS)) {
        tail.append("\n(the engine did not finish sending the log within " + WAIT_SECONDS + " s)\n");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      tail.append("\n(cannot read the container's log: " + e.getMessage() + ")\n");
    }
    return tail.text();
  }
}
