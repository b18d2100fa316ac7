package gauntlet.cli.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gauntlet ...} in a JVM of its own, as a user or systemd would run it, so a test can kill it
 * with -9, stop it, or send it Ctrl-C's SIGINT. Its output (stdout and stderr merged) is read as it
 * comes; a test waits for a line instead of for time.
 */
final class GauntletProcess implements AutoCloseable {
  private static final int SIGINT_MASK = 1 << (2 - 1);

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Thread reader;

  private record Waiter(Predicate<String> matches, CompletableFuture<String> line) {}

  private GauntletProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.reader = new Thread(this::read, "output of " + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code gauntlet args...} with this test's classes. */
  static GauntletProcess start(String name, Path workingDirectory, String... args) throws IOException {
    return startWrapped(name, workingDirectory, List.of(), args);
  }

  /** Starts {@code wrapper... java ... gauntlet args...}, e.g. with {@code ip netns exec NS} in front. */
  static GauntletProcess startWrapped(String name, Path workingDirectory, List<String> wrapper, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(wrapper);
    if (sigintIgnoredHere()) {
      // A child inherits an ignored SIGINT (e.g. when the build runs in the background of a
      // non-interactive shell) and the JVM then never sees Ctrl-C; restore the default first.
      command.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!"));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dgauntlet.log=info",
        "-cp", classPath(), "gauntlet.cli.Gauntlet"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true)
        .start();
    process.getOutputStream().close();
    return new GauntletProcess(name, process);
  }

  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  private static boolean sigintIgnoredHere() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & SIGINT_MASK) != 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return false;
    }
    return false;
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (this) {
          lines.add(line);
          for (Waiter waiter : List.copyOf(waiters)) {
            if (waiter.matches().test(line)) {
              waiter.line().complete(line);
              waiters.remove(waiter);
            }
          }
        }
      }
    } catch (IOException e) {
      // The process is gone; whatever it printed is kept.
    } finally {
      synchronized (this) {
        for (Waiter waiter : waiters) {
          waiter.line().completeExceptionally(new AssertionError(name + " ended without printing the awaited line;"
              + " its output:\n" + String.join("\n", lines)));
        }
        waiters.clear();
      }
    }
  }

  /** Waits until the process prints a line matching {@code pattern} (found anywhere in the line). */
  String awaitLine(String pattern, Duration limit) throws Exception {
    Pattern regex = Pattern.compile(pattern);
    CompletableFuture<String> found = new CompletableFuture<>();
    synchronized (this) {
      for (String line : lines) {
        if (regex.matcher(line).find()) {
          return line;
        }
      }
      if (!reader.isAlive()) {
        throw new AssertionError(name + " has ended without printing /" + pattern + "/; its output:\n" + output());
      }
      waiters.add(new Waiter(l -> regex.matcher(l).find(), found));
    }
    try {
      return found.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(name + " did not print /" + pattern + "/ within " + limit.toSeconds() + " s; its output:\n"
          + output());
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Error) e.getCause();
    }
  }

  /** The first group of {@code pattern} in the first line that has it. */
  String awaitGroup(String pattern, Duration limit) throws Exception {
    Matcher m = Pattern.compile(pattern).matcher(awaitLine(pattern, limit));
    if (!m.find()) {
      throw new AssertionError("no match");
    }
    return m.group(1);
  }

  synchronized String output() {
    return String.join("\n", lines);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook runs, sockets are closed by the kernel. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Sends a signal by name (INT, STOP, CONT, ...). */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  /** Waits for the process to end; returns its exit code. */
  int awaitExit(Duration limit) throws Exception {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + limit.toSeconds() + " s; its output:\n" + output());
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }

  /** Kills the process (and anything it started that is still in its process tree) if still running. */
  @Override
  public void close() throws InterruptedException {
    ProcessHandle handle = process.toHandle();
    List<ProcessHandle> children = handle.descendants().toList();
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    for (ProcessHandle child : children) {
      child.destroyForcibly();
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
  }
}
