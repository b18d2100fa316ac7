package gauntlet.agent.target.process;

import gauntlet.agent.target.ProcessIdentity;
import gauntlet.agent.target.TargetLabels;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What a process target's folder says about it, so that the next agent can clean up after a crash:
 * the agent instance that owns it, the server's process (pid and start time) and its cgroups.
 *
 * @param owner the agent instance's process
 * @param ownerInstance the agent instance's id
 * @param agentName for the log
 * @param runId for the log
 * @param process the server's root process, once started
 * @param cgroups the target's cgroup folders, empty without cgroups
 */
record TargetRecord(ProcessIdentity owner, String ownerInstance, String agentName, String runId,
    Optional<ProcessIdentity> process, List<Path> cgroups) {
  /** In the target's folder, beside the server's sources and output. */
  static final String FILE = ".gauntlet-target";

  TargetRecord {
    cgroups = List.copyOf(cgroups);
  }

  static TargetRecord of(TargetLabels labels) {
    return new TargetRecord(labels.owner().process(), labels.owner().id(), labels.agentName(), labels.runId(),
        Optional.empty(), List.of());
  }

  TargetRecord withCgroups(List<Path> folders) {
    return new TargetRecord(owner, ownerInstance, agentName, runId, process, folders);
  }

  TargetRecord withProcess(ProcessIdentity server) {
    return new TargetRecord(owner, ownerInstance, agentName, runId, Optional.of(server), cgroups);
  }

  /** Writes the record into {@code folder}, replacing any earlier one whole (never half a file). */
  void writeTo(Path folder) {
    Properties properties = new Properties();
    properties.setProperty("owner", owner.text());
    properties.setProperty("instance", ownerInstance);
    properties.setProperty("agent", agentName);
    properties.setProperty("run", runId);
    process.ifPresent(p -> properties.setProperty("process", p.text()));
    properties.setProperty("cgroups", String.join("\n", cgroups.stream().map(Path::toString).toList()));
    Path temporary = folder.resolve(FILE + ".new");
    try {
      try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        properties.store(out, "a Gauntlet process target: removed with it; read by the next agent after a crash");
      }
      Files.move(temporary, folder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the target record in " + folder, e);
    }
  }

  /** The record in {@code folder}; empty when it has none or an unreadable one. */
  static Optional<TargetRecord> readFrom(Path folder) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(folder.resolve(FILE), StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    Optional<ProcessIdentity> owner = ProcessIdentity.parse(properties.getProperty("owner"));
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    List<Path> cgroups = Stream.of(properties.getProperty("cgroups", "").split("\n"))
        .filter(line -> !line.isBlank()).map(Path::of).toList();
    return Optional.of(new TargetRecord(owner.get(), properties.getProperty("instance", "?"),
        properties.getProperty("agent", "?"), properties.getProperty("run", "?"),
        ProcessIdentity.parse(properties.getProperty("process")), cgroups));
  }
}
