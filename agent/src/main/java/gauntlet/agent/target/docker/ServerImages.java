package gauntlet.agent.target.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import gauntlet.agent.target.BuiltInServer;
import gauntlet.agent.target.GoServerBuild;
import gauntlet.agent.target.RuntimeStatus;
import gauntlet.agent.target.TargetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the image of a built-in server exists on the engine, building it when its tag is
 * missing. Tags carry the sources' hash, so a changed server gets a new image and an unchanged one
 * is reused. Official images start from the server's Dockerfile; offline images are {@code FROM
 * scratch} with the host's runtime, its shared libraries and the sources.
 */
final class ServerImages {
  static final String LABEL_RUNTIME = "gauntlet.runtime";
  static final String LABEL_SOURCE_HASH = "gauntlet.source-hash";
  static final String LABEL_KIND = "gauntlet.image";
  static final String LABEL_RUNTIME_FINGERPRINT = "gauntlet.runtime-fingerprint";
  static final String LABEL_RUNTIME_VERSION = "gauntlet.runtime-version";

  /** Where the offline Go image keeps the static server binary. */
  static final String GO_BINARY = "/server";

  private static final Logger LOG = LoggerFactory.getLogger(ServerImages.class);
  private static final long PULL_TIMEOUT_SECONDS = 300;

  private final DockerClient docker;
  private final DockerSettings settings;
  private final ImageBuild build;
  private final Map<String, Optional<String>> pullFailures = new ConcurrentHashMap<>();

  ServerImages(DockerClient docker, DockerSettings settings) {
    this.docker = docker;
    this.settings = settings;
    this.build = new ImageBuild(docker);
  }

  /** {@code <prefix>/<runtime>:<hash>}: the image built from the server's own Dockerfile. */
  String officialTag(ServerSources sources) {
    return settings.imageRepositoryPrefix() + "/" + sources.server().runtime() + ":" + sources.hash();
  }

  /** {@code <prefix>/<runtime>:<hash>-offline}: the image built from the host's runtime. */
  String offlineTag(ServerSources sources) {
    return officialTag(sources) + "-offline";
  }

  /**
   * The server's image, built now if needed. One build at a time: two cells asking for the same
   * image must not build it twice.
   */
  synchronized ServerImage ensure(ServerSources sources) throws TargetException {
    switch (settings.offlineImages()) {
      case TRUE:
        return ensureOffline(sources, "the agent runs with --offline-images");
      case FALSE:
        return ensureOfficial(sources);
      default:
        Optional<ServerImage> official = existing(officialTag(sources), false);
        if (official.isPresent()) {
          return official.get();
        }
        Optional<String> unpullable = firstUnpullableBase(sources);
        if (unpullable.isEmpty()) {
          return ensureOfficial(sources);
        }
        return ensureOffline(sources, unpullable.get());
    }
  }

  private ServerImage ensureOfficial(ServerSources sources) throws TargetException {
    String tag = officialTag(sources);
    Optional<ServerImage> present = existing(tag, false);
    if (present.isPresent()) {
      return present.get();
    }
    Optional<String> unpullable = firstUnpullableBase(sources);
    if (unpullable.isPresent()) {
      throw new TargetException(
          "Cannot build image " + tag + " because " + unpullable.get()
              + ": give the engine a registry, or start the agent with --offline-images");
    }
    BuildContext context = new BuildContext();
    sources.files().forEach((name, data) -> context.addFile(name, data, 0644));
    LOG.info("Building image {} from the {} server's Dockerfile", tag, sources.server().runtime());
    String id = build.build(context, stagingDir(), tag, labels(sources, "official", "", ""));
    return new ServerImage(tag, id, false, "", true);
  }

  /** @param why the offline image is wanted, for the log when it must be built */
  private ServerImage ensureOffline(ServerSources sources, String why) throws TargetException {
    String tag = offlineTag(sources);
    OfflineRuntime runtime = offlineRuntime(sources.server());
    Optional<InspectImageResponse> present = inspect(tag);
    if (present.isPresent()) {
      Map<String, String> labels = imageLabels(present.get());
      if (runtime.fingerprint().equals(labels.get(LABEL_RUNTIME_FINGERPRINT))) {
        return new ServerImage(
            tag, present.get().getId(), true, labels.getOrDefault(LABEL_RUNTIME_VERSION, ""), false);
      }
      LOG.info("Rebuilding image {}: the host's {} changed since it was built", tag, sources.server().runtime());
    }
    LOG.info("Building image {} from this host's {} ({}) because {}", tag, runtime.executable(), runtime.version(), why);
    String id = build.build(
        offlineContext(sources, runtime), stagingDir(), tag,
        labels(sources, "offline", runtime.fingerprint(), runtime.version()));
    present.filter(previous -> !previous.getId().equals(id)).ifPresent(previous -> removeQuietly(previous.getId()));
    return new ServerImage(tag, id, true, runtime.version(), true);
  }

  /**
   * The runtime an offline image carries: the host's node or bun binary, or the static Go server.
   *
   * @param binary file copied into the image
   * @param fingerprint changes when the binary does, so its image is rebuilt
   */
  private record OfflineRuntime(BuiltInServer server, Path executable, String version, String fingerprint) {

    /** The file the image carries; for Go, the server compiled by the host's toolchain. */
    Path binary(GoServerBuild goBuild) throws TargetException {
      return server == BuiltInServer.GO ? goBuild.binary() : executable;
    }
  }

  private OfflineRuntime offlineRuntime(BuiltInServer server) throws TargetException {
    RuntimeStatus status = settings.runtimes().status(server.runtime());
    // For Go the toolchain is fingerprinted: the binary follows from it and the sources (in the tag),
    // so an existing image is recognised without compiling anything.
    Path executable = status.require();
    return new OfflineRuntime(server, executable, status.version(), fingerprint(executable, status.version()));
  }

  private BuildContext offlineContext(ServerSources sources, OfflineRuntime runtime) throws TargetException {
    BuiltInServer server = sources.server();
    BuildContext context = new BuildContext();
    // Node and Bun need little of a system: a writable /tmp, and a passwd/group for the odd
    // os.userInfo() call. ICU data is compiled into both binaries.
    context.addFolder("rootfs/tmp", 01777);
    context.addFile("rootfs/etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n".getBytes(StandardCharsets.UTF_8), 0644);
    context.addFile("rootfs/etc/group", "root:x:0:\nnogroup:x:65534:\n".getBytes(StandardCharsets.UTF_8), 0644);
    String dockerfile;
    if (server == BuiltInServer.GO) {
      context.addHostFile("rootfs" + GO_BINARY, runtime.binary(settings.goBuild()), 0755);
      dockerfile = """
          FROM scratch
          COPY rootfs/ /
          ENV PORT=3000
          EXPOSE 3000
          ENTRYPOINT ["%s"]
          """.formatted(GO_BINARY);
    } else {
      context.addHostFile("rootfs/usr/local/bin/" + server.runtime(), runtime.executable(), 0755);
      for (Path library : SharedLibraries.of(runtime.executable())) {
        context.addHostFile("rootfs" + library, library, 0755);
      }
      sources.files().forEach((name, data) -> {
        if (!name.equals("Dockerfile")) {
          context.addFile("rootfs/app/" + name, data, 0644);
        }
      });
      dockerfile = """
          FROM scratch
          COPY rootfs/ /
          ENV PATH=/usr/local/bin:/usr/bin:/bin PORT=3000
          WORKDIR /app
          EXPOSE 3000
          CMD ["%s", "server.js"]
          """.formatted(server.runtime());
    }
    context.addFile("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8), 0644);
    return context;
  }

  /** Why a base image of the server's Dockerfile cannot be had, if one cannot; remembered. */
  private Optional<String> firstUnpullableBase(ServerSources sources) {
    for (String base : BaseImages.of(sources.dockerfile())) {
      Optional<String> failure = pullFailures.computeIfAbsent(base, this::pullIfMissing);
      if (failure.isPresent()) {
        return failure;
      }
    }
    return Optional.empty();
  }

  private Optional<String> pullIfMissing(String base) {
    if (inspect(base).isPresent()) {
      return Optional.empty();
    }
    String[] repositoryAndTag = BaseImages.repositoryAndTag(base);
    try (PullImageResultCallback pull = docker.pullImageCmd(repositoryAndTag[0])
        .withTag(repositoryAndTag[1])
        .exec(new PullImageResultCallback())) {
      if (!pull.awaitCompletion(PULL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        return Optional.of("pulling the base image " + base + " took longer than " + PULL_TIMEOUT_SECONDS + " s");
      }
      return inspect(base).isPresent()
          ? Optional.empty()
          : Optional.of("the engine pulled the base image " + base + " yet does not show it");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("pulling the base image " + base + " was interrupted");
    } catch (IOException | RuntimeException e) {
      return Optional.of("the engine cannot pull the base image " + base + " (" + firstLine(e.getMessage()) + ")");
    }
  }

  private Optional<ServerImage> existing(String tag, boolean offline) {
    return inspect(tag).map(image -> new ServerImage(
        tag, image.getId(), offline, imageLabels(image).getOrDefault(LABEL_RUNTIME_VERSION, ""), false));
  }

  private Optional<InspectImageResponse> inspect(String image) {
    try {
      return Optional.of(docker.inspectImageCmd(image).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private void removeQuietly(String imageId) {
    try {
      docker.removeImageCmd(imageId).withForce(false).exec();
      LOG.info("Removed the superseded image {}", imageId);
    } catch (DockerException e) {
      // Still used by a container, or removed meanwhile: not worth failing a start over.
      LOG.debug("Kept the superseded image {}: {}", imageId, e.getMessage());
    }
  }

  private Map<String, String> labels(ServerSources sources, String kind, String fingerprint, String version) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_RUNTIME, sources.server().runtime());
    labels.put(LABEL_SOURCE_HASH, sources.hash());
    labels.put(LABEL_KIND, kind);
    if (!fingerprint.isEmpty()) {
      labels.put(LABEL_RUNTIME_FINGERPRINT, fingerprint);
      labels.put(LABEL_RUNTIME_VERSION, version);
    }
    return labels;
  }

  private static Map<String, String> imageLabels(InspectImageResponse image) {
    Map<String, String> labels = image.getConfig() == null ? null : image.getConfig().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private Path stagingDir() {
    return settings.cacheDir().resolve("docker-build");
  }

  /** Path, size, modification time and version of a binary: cheap, and changes on any reinstall. */
  private static String fingerprint(Path binary, String version) throws TargetException {
    try {
      Path real = binary.toRealPath();
      String identity = real + "|" + Files.size(real) + "|" + Files.getLastModifiedTime(real).toMillis() + "|" + version;
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(identity.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
    } catch (IOException e) {
      throw new TargetException("Cannot read the runtime binary " + binary + ": " + e.getMessage(), "", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    List<String> lines = message.strip().lines().toList();
    return lines.isEmpty() ? "no detail" : lines.get(0);
  }
}
