package gauntlet.agent.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * A process told apart from every other, across pid reuse: the boot it ran in, the pid namespace
 * its pid counts in, its pid, and its start time in clock ticks after boot (from /proc). Two
 * processes of one boot and namespace with the same pid and start time are the same process.
 *
 * @param bootId {@code /proc/sys/kernel/random/boot_id}: new at every boot
 * @param pidNamespace {@code /proc/self/ns/pid} of whoever counted the pid, e.g. {@code pid:[4026531836]}
 * @param pid the process id in that namespace
 * @param startTicks field 22 of {@code /proc/PID/stat}
 */
public record ProcessIdentity(String bootId, String pidNamespace, long pid, long startTicks) {

  /** Whether a process runs, as far as this host can prove. */
  public enum Liveness {
    /** It runs. */
    ALIVE,
    /** Same boot and namespace, and no process with its pid and start time runs: it has ended. */
    DEAD,
    /** It ran in an earlier boot of this machine, or on another machine. */
    OTHER_BOOT,
    /** It counts its pid in another pid namespace (e.g. an agent in a container): nothing to prove here. */
    UNKNOWN
  }

  public ProcessIdentity {
    if (bootId.isBlank() || bootId.contains("/") || pidNamespace.isBlank() || pidNamespace.contains("/")) {
      throw new IllegalArgumentException("a process identity needs a boot id and a pid namespace without '/'");
    }
  }

  /**
   * Without /proc (not Linux) nothing can be proved: this JVM gets a boot id that marks it, and
   * every process counts as {@link Liveness#UNKNOWN}, so nothing of another agent is removed.
   */
  private static final String NO_PROC = "no-proc-";
  private static final String BOOT_WITHOUT_PROC = NO_PROC + UUID.randomUUID();

  /** This JVM. */
  public static ProcessIdentity current() {
    long pid = ProcessHandle.current().pid();
    return new ProcessIdentity(thisBoot(), thisNamespace(), pid, startTicks(pid).orElse(0L));
  }

  /** A process of this host, counted in this JVM's pid namespace, while it runs. */
  public static Optional<ProcessIdentity> of(long pid) {
    return startTicks(pid).map(start -> new ProcessIdentity(thisBoot(), thisNamespace(), pid, start));
  }

  /** Whether this process runs now, as seen from this JVM. */
  public Liveness liveness() {
    if (bootId.startsWith(NO_PROC) || thisBoot().startsWith(NO_PROC)) {
      return Liveness.UNKNOWN;
    }
    if (!bootId.equals(thisBoot())) {
      return Liveness.OTHER_BOOT;
    }
    if (!pidNamespace.equals(thisNamespace())) {
      return Liveness.UNKNOWN;
    }
    return startTicks(pid).filter(start -> start == startTicks).isPresent() && !zombie(pid)
        ? Liveness.ALIVE : Liveness.DEAD;
  }

  /** As a label value or a line of a record: {@code bootId/namespace/pid/startTicks}. */
  public String text() {
    return bootId + "/" + pidNamespace + "/" + pid + "/" + startTicks;
  }

  /** The identity {@link #text()} wrote; empty when {@code text} is not one. */
  public static Optional<ProcessIdentity> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] parts = text.strip().split("/");
    if (parts.length != 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ProcessIdentity(parts[0], parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String thisBoot() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return BOOT_WITHOUT_PROC;
    }
  }

  private static String thisNamespace() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "no-proc";
    }
  }

  private static Optional<String> stat(long pid) {
    try {
      return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> startTicks(long pid) {
    // The command name may hold spaces and parentheses; fields are counted after its closing one,
    // where field 3 (the state) comes first and field 22 (the start time) is the 20th.
    return stat(pid).map(s -> s.substring(s.lastIndexOf(')') + 2).split(" "))
        .filter(fields -> fields.length > 19)
        .map(fields -> Long.parseLong(fields[19]));
  }

  private static boolean zombie(long pid) {
    return stat(pid).map(s -> s.charAt(s.lastIndexOf(')') + 2) == 'Z').orElse(false);
  }
}
