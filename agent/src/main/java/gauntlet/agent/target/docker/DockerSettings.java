package gauntlet.agent.target.docker;

import gauntlet.agent.target.GoServerBuild;
import gauntlet.agent.target.HostRuntimes;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the docker launcher of one agent behaves.
 *
 * @param agentName this agent's name: every container carries it as {@code gauntlet.agent}, for
 *     people; ownership goes by agent instance ({@code gauntlet.instance}, {@code gauntlet.owner})
 * @param cacheDir where image build contexts are staged (a scratch folder, emptied after each build)
 * @param offlineImages where server images come from
 * @param allowedImages images besides the built-in servers that plans may start ({@code --allow-image})
 * @param runtimes the host's runtimes, copied into offline images
 * @param goBuild the static Go server binary, copied into the offline Go image
 * @param imageRepositoryPrefix images are tagged {@code <prefix>/<runtime>:<hash>}; {@code gauntlet}
 *     normally, a private namespace in tests so they can remove exactly what they built
 */
public record DockerSettings(
    String agentName,
    Path cacheDir,
    OfflineImages offlineImages,
    Set<String> allowedImages,
    HostRuntimes runtimes,
    GoServerBuild goBuild,
    String imageRepositoryPrefix) {

  public static final String DEFAULT_IMAGE_PREFIX = "gauntlet";
  private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*");

  public DockerSettings {
    Objects.requireNonNull(agentName, "agentName");
    Objects.requireNonNull(cacheDir, "cacheDir");
    Objects.requireNonNull(offlineImages, "offlineImages");
    Objects.requireNonNull(runtimes, "runtimes");
    Objects.requireNonNull(goBuild, "goBuild");
    Objects.requireNonNull(imageRepositoryPrefix, "imageRepositoryPrefix");
    allowedImages = Set.copyOf(allowedImages);
    if (agentName.isBlank()) {
      throw new IllegalArgumentException("The agent name must not be blank: containers are labelled with it");
    }
    if (!REPOSITORY.matcher(imageRepositoryPrefix).matches()) {
      throw new IllegalArgumentException(
          "The image repository prefix must be a lower-case docker repository name, not '"
              + imageRepositoryPrefix + "'");
    }
  }

  /** Settings with the standard {@code gauntlet/} image names. */
  public DockerSettings(
      String agentName,
      Path cacheDir,
      OfflineImages offlineImages,
      Set<String> allowedImages,
      HostRuntimes runtimes,
      GoServerBuild goBuild) {
    this(agentName, cacheDir, offlineImages, allowedImages, runtimes, goBuild, DEFAULT_IMAGE_PREFIX);
  }
}
