package gauntlet.agent.target.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import gauntlet.agent.target.TargetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Sends one build context to the engine and waits for the tagged image, keeping the log's tail. */
final class ImageBuild {
  static final int LOG_TAIL_LINES = 40;
  private static final Duration LONGEST_BUILD = Duration.ofMinutes(20);

  private final DockerClient docker;

  ImageBuild(DockerClient docker) {
    this.docker = docker;
  }

  /**
   * Builds {@code context} as {@code tag} and returns the image id.
   *
   * @throws TargetException naming the image, with the build log's tail, when the build fails
   */
  String build(BuildContext context, Path stagingDir, String tag, Map<String, String> labels)
      throws TargetException {
    Path tar = null;
    LineTail log = new LineTail(LOG_TAIL_LINES);
    AtomicReference<String> failure = new AtomicReference<>();
    try {
      Files.createDirectories(stagingDir);
      tar = Files.createTempFile(stagingDir, "image-context-", ".tar");
      context.writeTar(tar);
      try (InputStream body = Files.newInputStream(tar);
          ResultCallback.Adapter<BuildResponseItem> progress = docker.buildImageCmd()
              .withTarInputStream(body)
              .withTags(Set.of(tag))
              .withLabels(labels)
              .withPull(false)
              .withRemove(true)
              .withForcerm(true)
              .exec(new ResultCallback.Adapter<>() {
                @Override
                public void onNext(BuildResponseItem item) {
                  log.append(item.getStream());
                  if (item.isErrorIndicated()) {
                    String error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage()
                        : "the engine reported an error without detail";
                    failure.compareAndSet(null, error);
                    log.append(error + "\n");
                  }
                }
              })) {
        if (!progress.awaitCompletion(LONGEST_BUILD.toMinutes(), TimeUnit.MINUTES)) {
          throw new TargetException(
              "Building image " + tag + " took longer than " + LONGEST_BUILD.toMinutes() + " minutes",
              log.text(), null);
        }
      }
    } catch (IOException e) {
      throw new TargetException(
          "Cannot stage the build context of image " + tag + " in " + stagingDir + ": " + e.getMessage(), "", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException("Interrupted while building image " + tag, log.text(), e);
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e.getMessage());
    } finally {
      deleteQuietly(tar);
    }
    if (failure.get() != null) {
      throw new TargetException("Building image " + tag + " failed: " + failure.get(), log.text(), null);
    }
    try {
      return docker.inspectImageCmd(tag).exec().getId();
    } catch (RuntimeException e) {
      throw new TargetException(
          "The engine reported image " + tag + " built, yet cannot show it: " + e.getMessage(), log.text(), e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // A stale context tar in the staging folder is only wasted disk; the next build makes its own.
      }
    }
  }
}
