package gauntlet.agent.target.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import gauntlet.agent.target.BuiltInServer;
import gauntlet.agent.target.HealthCheck;
import gauntlet.agent.target.NetworkMode;
import gauntlet.agent.target.ProcessIdentity;
import gauntlet.agent.target.RunningTarget;
import gauntlet.agent.target.StartCancellation;
import gauntlet.agent.target.TargetConfig;
import gauntlet.agent.target.TargetException;
import gauntlet.agent.target.TargetLabels;
import gauntlet.agent.target.TargetLauncher;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts targets as docker containers, like the article's {@code docker run --rm --cpus=N -m=M -p
 * HOST:PORT:PORT --name ...}: the built-in servers from images built on demand, or images on the
 * agent's allow-list. Every container is labelled with its run, session, agent instance and cell,
 * so {@link #removeLeftovers()} can find what a crashed agent left, and tell it from a live one's.
 */
public final class DockerLauncher implements TargetLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(DockerLauncher.class);
  private static final int LOG_TAIL_LINES = 30;
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  /** The server already answers on its published port: its own address only needs a route. */
  private static final Duration ADDRESS_CHECK_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  // Long enough for the slowest image build to be silent this long between two log lines.
  private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(20);
  private static final long PULL_TIMEOUT_SECONDS = 300;
  private static final Pattern VERSION_IN_LOG =
      Pattern.compile("\\b(?:Node|Bun) (v?\\d+\\.\\d+\\.\\d+[\\w.+-]*)|\\bGo (go\\d+\\.\\d+[\\w.+-]*)");

  private final DockerClient docker;
  private final URI dockerHost;
  private final DockerSettings settings;
  private final ServerImages images;
  private final HealthCheck health = new HealthCheck();
  private final DockerProxies proxies = new DockerProxies();
  private final int engineCpus;
  private final Map<BuiltInServer, ServerSources> sources = new EnumMap<>(BuiltInServer.class);

  private DockerLauncher(DockerClient docker, URI dockerHost, DockerSettings settings, int engineCpus) {
    this.docker = docker;
    this.dockerHost = dockerHost;
    this.settings = settings;
    this.images = new ServerImages(docker, settings);
    this.engineCpus = engineCpus;
    for (BuiltInServer server : BuiltInServer.values()) {
      sources.put(server, ServerSources.embedded(server));
    }
  }

  /**
   * Connects to the engine {@code DOCKER_HOST} names (the local socket when unset).
   *
   * @throws TargetException when no engine answers there, suggesting the process launcher
   */
  public static DockerLauncher connect(DockerSettings settings) throws TargetException {
    DockerClientConfig config;
    try {
      config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    } catch (RuntimeException e) {
      throw new TargetException(
          "The Docker client settings are invalid (" + e.getMessage() + "): check DOCKER_HOST and DOCKER_TLS_VERIFY",
          "", e);
    }
    return connect(settings, config);
  }

  /** Connects to the engine at {@code dockerHost}, e.g. {@code unix:///var/run/docker.sock}. */
  public static DockerLauncher connect(DockerSettings settings, URI dockerHost) throws TargetException {
    return connect(settings, DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(dockerHost.toString())
        .build());
  }

  private static DockerLauncher connect(DockerSettings settings, DockerClientConfig config) throws TargetException {
    URI host = config.getDockerHost();
    String noEngine = "No Docker engine answers at " + host + " (DOCKER_HOST): start dockerd, or use launcher: process";
    // A short-lived client with short timeouts, so a dead or hung engine is reported in seconds.
    try (DockerClient probe = client(config, PROBE_TIMEOUT, PROBE_TIMEOUT)) {
      probe.pingCmd().exec();
    } catch (IOException | RuntimeException e) {
      throw new TargetException(noEngine, "", e);
    }
    DockerClient docker = client(config, CONNECT_TIMEOUT, RESPONSE_TIMEOUT);
    try {
      Integer cpus = docker.infoCmd().exec().getNCPU();
      return new DockerLauncher(docker, host, settings, cpus == null || cpus < 1 ? 1 : cpus);
    } catch (RuntimeException e) {
      closeQuietly(docker);
      throw new TargetException(noEngine, "", e);
    }
  }

  @Override
  public String name() {
    return "docker";
  }

  /** The engine this launcher talks to. */
  public URI dockerHost() {
    return dockerHost;
  }

  /** CPUs the engine has: quotas above it are clamped. */
  public int engineCpus() {
    return engineCpus;
  }

  @Override
  public RunningTarget start(TargetConfig config, TargetLabels labels, StartCancellation cancellation)
      throws TargetException {
    Optional<BuiltInServer> server = BuiltInServer.forRuntime(config.runtime());
    String image;
    String knownVersion;
    try {
      if (server.isPresent()) {
        ServerImage serverImage = images.ensure(sources.get(server.get()));
        image = serverImage.tag();
        knownVersion = serverImage.runtimeVersion();
      } else {
        image = allowedImage(config.runtime());
        knownVersion = "";
      }
    } catch (DockerException e) {
      throw engineFailed("preparing the image of " + config.runtime(), e);
    }
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    ContainerSpec spec = ContainerSpec.of(server, image, config, labels, engineCpus, suffix);
    spec.warnings().forEach(warning -> LOG.warn("{}: {}", spec.name(), warning));
    String what = config.runtime() + " container " + spec.name();
    cancellation.throwIfCancelled("starting the " + what);
    String containerId;
    try {
      containerId = create(spec).exec().getId();
    } catch (DockerException e) {
      throw engineFailed("creating the " + what, e);
    }
    try {
      cancellation.throwIfCancelled("starting the " + what);
      startContainer(containerId, spec, what);
      awaitHealthy(containerId, spec, config, what, cancellation);
      ContainerReach reach = reach(containerId, spec, config, what, cancellation);
      ContainerMeter meter = meterFor(containerId);
      String version = knownVersion.isEmpty() ? versionFromLog(containerId) : knownVersion;
      LOG.info("Started the {} ({}, cpus {}, memory {} bytes, metered by {}, address {}, port proxy {})",
          what, image, spec.cpus(), spec.memoryBytes(), meter.source(),
          reach.containerAddress().isEmpty() ? "none" : reach.containerAddress(),
          reach.portProxy().isEmpty() ? "none" : reach.portProxy());
      return new DockerTarget(docker, containerId, spec, version, meter, reach);
    } catch (TargetException e) {
      DockerTarget.remove(docker, containerId, spec.name(), 0);
      throw e;
    } catch (DockerException e) {
      DockerTarget.remove(docker, containerId, spec.name(), 0);
      throw engineFailed("starting the " + what, e);
    } catch (RuntimeException | Error e) {
      DockerTarget.remove(docker, containerId, spec.name(), 0);
      throw e;
    }
  }

  /**
   * Removes the containers of agent instances that are provably gone: their process no longer
   * runs on this machine, or they ran in an earlier boot of it (for an engine on this machine).
   * Containers of live agents, whatever their name, and of agents this machine cannot see (in
   * another pid namespace, on another machine) stay. Call at start-up, before taking work.
   *
   * @return the names of the containers removed
   */
  public List<String> removeLeftovers() {
    List<Container> containers;
    try {
      containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(TargetLabels.OWNER)).exec();
    } catch (DockerException e) {
      LOG.warn("Cannot list the containers of earlier agents to remove their leftovers: {}", e.getMessage());
      return List.of();
    }
    List<String> removed = new ArrayList<>();
    for (Container container : containers) {
      Map<String, String> its = container.getLabels() == null ? Map.of() : container.getLabels();
      Optional<String> why = ProcessIdentity.parse(its.get(TargetLabels.OWNER)).flatMap(owner -> deadOwner(owner, container));
      if (why.isEmpty()) {
        continue;
      }
      String name = containerName(container);
      // No grace: what is left over has no one waiting for a clean exit.
      DockerTarget.remove(docker, container.getId(), name, 0);
      LOG.info("Removed container {} left by agent '{}' (instance {}, {}): image {}, run {}, cell {}, was {}", name,
          its.getOrDefault(TargetLabels.AGENT, "?"), its.getOrDefault(TargetLabels.INSTANCE, "?"), why.get(),
          container.getImage(), its.getOrDefault(TargetLabels.RUN, "?"), its.getOrDefault(TargetLabels.CELL, "?"),
          container.getState());
      removed.add(name);
    }
    return removed;
  }

  /** Why the agent that made {@code container} is provably gone, or empty while it may still run. */
  private Optional<String> deadOwner(ProcessIdentity owner, Container container) {
    return switch (owner.liveness()) {
      case DEAD -> Optional.of("its process " + owner.pid() + " has ended");
      // Only an engine on this machine proves it: a remote agent may share a TCP engine.
      case OTHER_BOOT -> engineIsLocal() && createdBeforeThisBoot(container)
          ? Optional.of("it ran before this machine booted") : Optional.empty();
      case ALIVE, UNKNOWN -> Optional.empty();
    };
  }

  private boolean engineIsLocal() {
    return "unix".equals(dockerHost.getScheme());
  }

  private static boolean createdBeforeThisBoot(Container container) {
    return container.getCreated() != null && container.getCreated() < BootTime.epochSeconds();
  }

  private static String containerName(Container container) {
    return container.getNames() != null && container.getNames().length > 0
        ? container.getNames()[0].replaceFirst("^/", "")
        : container.getId();
  }

  /** Closes the connection to the engine; running targets are closed by their owners. */
  @Override
  public void close() {
    closeQuietly(docker);
  }

  /** The engine client, for this package's tests. */
  DockerClient docker() {
    return docker;
  }

  /** The image builder, for this package's tests. */
  ServerImages images() {
    return images;
  }

  private CreateContainerCmd create(ContainerSpec spec) {
    HostConfig host = HostConfig.newHostConfig();
    if (spec.nanoCpus() > 0) {
      host.withNanoCPUs(spec.nanoCpus());
    }
    if (spec.memoryBytes() > 0) {
      host.withMemory(spec.memoryBytes()).withMemorySwap(spec.memoryBytes());
    }
    CreateContainerCmd create = docker.createContainerCmd(spec.image())
        .withName(spec.name())
        .withEnv(spec.env())
        .withLabels(spec.labels());
    if (spec.network() == NetworkMode.HOST) {
      host.withNetworkMode("host");
    } else {
      ExposedPort port = ExposedPort.tcp(spec.port());
      host.withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort(spec.bindHost(), spec.port()), port));
      create.withExposedPorts(port);
    }
    if (!spec.command().isEmpty()) {
      create.withCmd(spec.command());
    }
    // No AutoRemove: a container that dies early must keep its log for the error message.
    return create.withHostConfig(host);
  }

  private void startContainer(String containerId, ContainerSpec spec, String what) throws TargetException {
    try {
      docker.startContainerCmd(containerId).exec();
    } catch (DockerException e) {
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (message.contains("port is already allocated") || message.contains("address already in use")) {
        throw portInUse(spec, e);
      }
      throw new TargetException(
          "The engine cannot start the " + what + ": " + firstLine(e.getMessage()), "", e);
    }
  }

  private void awaitHealthy(String containerId, ContainerSpec spec, TargetConfig config, String what,
      StartCancellation cancellation) throws TargetException {
    URI url = URI.create("http://" + urlHost(spec.bindHost()) + ":" + spec.port() + config.healthPath());
    try {
      health.awaitHealthy(what, url, config.healthTimeout(), () -> running(containerId),
          () -> ContainerLogs.tail(docker, containerId, LOG_TAIL_LINES), cancellation);
    } catch (TargetException e) {
      if (cancellation.isCancelled()) {
        throw e;
      }
      Optional<InspectContainerResponse.ContainerState> state = state(containerId);
      boolean exited = state.map(s -> !Boolean.TRUE.equals(s.getRunning())).orElse(true);
      if (exited && spec.network() == NetworkMode.HOST && saysPortInUse(e.outputTail())) {
        throw portInUse(spec, e);
      }
      if (exited) {
        String how = state.map(DockerLauncher::describeExit).orElse("was removed");
        throw new TargetException(
            "The " + what + " " + how + " before it answered on " + url + ": see its output below",
            e.outputTail(), e);
      }
      throw e;
    }
  }

  /**
   * On a bridge network: the container's own address, if it answers from here (a load agent on
   * this host can then skip docker-proxy and NAT), and the docker-proxy relaying the published
   * port, if any.
   */
  private ContainerReach reach(String containerId, ContainerSpec spec, TargetConfig config, String what,
      StartCancellation cancellation) throws TargetException {
    if (spec.network() == NetworkMode.HOST) {
      return ContainerReach.HOST_NETWORK;
    }
    String proxy = proxies.serving(spec.port()).orElse("");
    String address = bridgeAddress(containerId);
    if (address.isEmpty()) {
      return new ContainerReach("", proxy, List.of("the engine reports no address for the " + what
          + " on its network: load from this host goes to the published port"));
    }
    URI url = URI.create("http://" + urlHost(address) + ":" + spec.port() + config.healthPath());
    try {
      health.awaitHealthy(what + " at its own address", url, ADDRESS_CHECK_TIMEOUT, () -> running(containerId),
          () -> "", cancellation);
      return new ContainerReach(address, proxy, List.of());
    } catch (TargetException e) {
      if (cancellation.isCancelled() || !running(containerId)) {
        throw e;
      }
      return new ContainerReach("", proxy, List.of("the " + what + " answers on its published port but not at its"
          + " own address " + url + " from the agent's host: load from this host goes to the published port"));
    }
  }

  private String bridgeAddress(String containerId) {
    InspectContainerResponse inspect;
    try {
      inspect = docker.inspectContainerCmd(containerId).exec();
    } catch (NotFoundException e) {
      return "";
    }
    var settings = inspect.getNetworkSettings();
    if (settings == null) {
      return "";
    }
    if (settings.getNetworks() != null) {
      for (var network : settings.getNetworks().values()) {
        if (network.getIpAddress() != null && !network.getIpAddress().isBlank()) {
          return network.getIpAddress();
        }
      }
    }
    String address = settings.getIpAddress();
    return address == null ? "" : address;
  }

  private static String describeExit(InspectContainerResponse.ContainerState state) {
    if (Boolean.TRUE.equals(state.getOOMKilled())) {
      return "was killed for exceeding its memory limit";
    }
    return "exited with code " + state.getExitCodeLong();
  }

  private ContainerMeter meterFor(String containerId) {
    Long pid = state(containerId).map(InspectContainerResponse.ContainerState::getPidLong).orElse(null);
    if (pid != null && pid > 0) {
      Optional<CgroupMeter> local = CgroupMeter.locate(pid, containerId);
      if (local.isPresent()) {
        return local.get();
      }
    }
    return StatsStreamMeter.start(docker, containerId);
  }

  private String versionFromLog(String containerId) {
    Matcher matcher = VERSION_IN_LOG.matcher(ContainerLogs.tail(docker, containerId, LOG_TAIL_LINES));
    if (matcher.find()) {
      return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    }
    return "";
  }

  private String allowedImage(String image) throws TargetException {
    if (!isAllowed(image)) {
      throw new TargetException("Image '" + image + "' is not on this agent's allow-list (--allow-image)");
    }
    try {
      docker.inspectImageCmd(image).exec();
      return image;
    } catch (NotFoundException missing) {
      LOG.info("Pulling the allowed image {}", image);
    }
    String[] repositoryAndTag = BaseImages.repositoryAndTag(image);
    try (PullImageResultCallback pull = docker.pullImageCmd(repositoryAndTag[0])
        .withTag(repositoryAndTag[1])
        .exec(new PullImageResultCallback())) {
      if (!pull.awaitCompletion(PULL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new TargetException("Pulling image '" + image + "' took longer than " + PULL_TIMEOUT_SECONDS + " s");
      }
      return image;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException("Interrupted while pulling image '" + image + "'");
    } catch (IOException | RuntimeException e) {
      throw new TargetException("Image '" + image + "' is allowed, but this engine does not have it and cannot pull it ("
          + firstLine(e.getMessage()) + "): load it with docker load or docker build", "", e);
    }
  }

  private boolean isAllowed(String image) {
    String wanted = withTag(image);
    return settings.allowedImages().stream().anyMatch(allowed -> withTag(allowed).equals(wanted));
  }

  private static String withTag(String image) {
    return image.lastIndexOf(':') > image.lastIndexOf('/') || image.contains("@") ? image : image + ":latest";
  }

  private boolean running(String containerId) {
    return state(containerId).map(s -> Boolean.TRUE.equals(s.getRunning())).orElse(false);
  }

  private Optional<InspectContainerResponse.ContainerState> state(String containerId) {
    try {
      return Optional.ofNullable(docker.inspectContainerCmd(containerId).exec().getState());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private static TargetException portInUse(ContainerSpec spec, Exception cause) {
    String tail = cause instanceof TargetException target ? target.outputTail() : "";
    return new TargetException(
        "Port " + urlHost(spec.bindHost()) + ":" + spec.port() + " is already in use on the Docker host: stop"
            + " what holds it, or set the cell's target.port to a free port", tail, cause);
  }

  private static boolean saysPortInUse(String output) {
    String text = output.toLowerCase(Locale.ROOT);
    return text.contains("eaddrinuse") || text.contains("address already in use") || text.contains("port") && text.contains("in use");
  }

  private static TargetException engineFailed(String doing, DockerException e) {
    return new TargetException(
        "The Docker engine failed while " + doing + ": " + firstLine(e.getMessage()), "", e);
  }

  /** The host part of a URL reaching {@code bindHost}: loopback for "every address", brackets for IPv6. */
  static String urlHost(String bindHost) {
    String host = bindHost.strip();
    if (host.isEmpty() || host.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    if (host.equals("::") || host.equals("[::]")) {
      return "[::1]";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static DockerClient client(DockerClientConfig config, Duration connect, Duration response) {
    DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .connectionTimeout(connect)
        .responseTimeout(response)
        .build();
    return DockerClientImpl.getInstance(config, http);
  }

  private static void closeQuietly(DockerClient docker) {
    try {
      docker.close();
    } catch (IOException e) {
      LOG.debug("Closing the Docker client: {}", e.toString());
    }
  }

  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "no detail";
    }
    return message.strip().lines().findFirst().orElse("no detail");
  }
}
