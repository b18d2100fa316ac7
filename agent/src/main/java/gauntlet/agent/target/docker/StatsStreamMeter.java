package gauntlet.agent.target.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.TopContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import gauntlet.agent.target.ResourceSample;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meters a container through the engine's API, for engines whose cgroups this agent cannot read
 * (a remote {@code DOCKER_HOST}). A non-streamed stats call waits ~1-2 s for the engine's next
 * collection, too slow for a once-a-second sampler; the stream delivers a reading every second
 * and {@link #sample()} uses the latest one. Processes come from {@code docker top}, because the
 * engine's {@code pids_stats} counts threads.
 */
final class StatsStreamMeter implements ContainerMeter {
  private static final Logger LOG = LoggerFactory.getLogger(StatsStreamMeter.class);

  private final DockerClient docker;
  private final String containerId;
  private final AtomicReference<Statistics> latest = new AtomicReference<>();
  private final ResultCallback.Adapter<Statistics> stream;
  private Statistics previousUsed;
  private double previousPercent;

  private StatsStreamMeter(DockerClient docker, String containerId) {
    this.docker = docker;
    this.containerId = containerId;
    this.stream = docker.statsCmd(containerId).withNoStream(false).exec(new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Statistics statistics) {
        latest.set(statistics);
      }

      @Override
      public void onError(Throwable error) {
        LOG.debug("The stats stream of container {} ended: {}", containerId, error.toString());
        super.onError(error);
      }
    });
  }

  static StatsStreamMeter start(DockerClient docker, String containerId) {
    return new StatsStreamMeter(docker, containerId);
  }

  @Override
  public synchronized ResourceSample sample() {
    Instant now = Instant.now();
    long unixNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    Statistics reading = latest.get();
    int processes = countProcesses();
    if (reading == null) {
      // The first reading arrives about a second after the stream opens.
      return new ResourceSample(unixNanos, 0, 0, processes);
    }
    double cpuPercent;
    if (reading == previousUsed) {
      cpuPercent = previousPercent; // no new reading since the last call: same interval
    } else {
      CpuStatsConfig from = previousUsed != null ? previousUsed.getCpuStats() : reading.getPreCpuStats();
      cpuPercent = cpuPercent(from, reading.getCpuStats());
      previousUsed = reading;
      previousPercent = cpuPercent;
    }
    return new ResourceSample(unixNanos, cpuPercent, memory(reading.getMemoryStats()), processes);
  }

  @Override
  public String source() {
    return "the engine's stats stream";
  }

  @Override
  public void close() {
    try {
      stream.close();
    } catch (IOException e) {
      LOG.debug("Closing the stats stream of container {}: {}", containerId, e.toString());
    }
  }

  private int countProcesses() {
    try {
      TopContainerResponse top = docker.topContainerCmd(containerId).exec();
      return top.getProcesses() == null ? 0 : top.getProcesses().length;
    } catch (DockerException e) {
      return 0; // the container is gone or stopped: nothing runs
    }
  }

  private static double cpuPercent(CpuStatsConfig from, CpuStatsConfig to) {
    if (from == null || to == null || to.getCpuUsage() == null || from.getCpuUsage() == null) {
      return 0;
    }
    long cpuDelta = orZero(to.getCpuUsage().getTotalUsage()) - orZero(from.getCpuUsage().getTotalUsage());
    long systemDelta = orZero(to.getSystemCpuUsage()) - orZero(from.getSystemCpuUsage());
    long onlineCpus = orZero(to.getOnlineCpus());
    if (onlineCpus == 0 && to.getCpuUsage().getPercpuUsage() != null) {
      onlineCpus = to.getCpuUsage().getPercpuUsage().size(); // engines before API 1.27
    }
    return DockerStatsMath.cpuPercent(cpuDelta, systemDelta, onlineCpus);
  }

  private static long memory(MemoryStatsConfig memory) {
    if (memory == null || memory.getUsage() == null) {
      return 0;
    }
    StatsConfig stats = memory.getStats();
    return DockerStatsMath.memoryWithoutCache(
        memory.getUsage(),
        stats == null ? null : stats.getTotalInactiveFile(),
        stats == null ? null : stats.getInactiveFile());
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
