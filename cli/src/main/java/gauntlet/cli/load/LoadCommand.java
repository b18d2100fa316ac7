package gauntlet.cli.load;

import gauntlet.core.LoadDefaults;
import gauntlet.core.LoadTransport;

import gauntlet.agent.load.JitCompilers;
import gauntlet.agent.load.LoadEngine;
import gauntlet.agent.load.LoadOptions;
import gauntlet.agent.load.LoadRun;
import gauntlet.cli.VersionProvider;
import gauntlet.core.ErrorClass;
import gauntlet.controller.report.HlogWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gauntlet load}: wrk's command line and summary on Gauntlet's engine, on one machine, no plan. */
@Command(name = "load", sortOptions = false, versionProvider = VersionProvider.class,
    description = {"Generates HTTP load like wrk (closed model) or wrk2 (-R, open model) and prints wrk's summary.",
        "Takes wrk's flags and units (-d 2 is two seconds, -c 100k, -R 20k). Lua scripts (-s) are not supported:"
            + " put the method, headers and body in a plan's load section (gauntlet run PLAN), or pass headers with -H."})
public final class LoadCommand implements Callable<Integer> {

  /** picocli's exit code for bad arguments, as for any other refused flag. */
  private static final int BAD_INPUT = 2;
  /** Enough for two quiet slices: the warm-up ends on the compiler's quiet, not on a clock. */
  private static final Duration JIT_WARMUP_AT_LEAST = Duration.ofMillis(500);
  private static final Duration JIT_WARMUP_AT_MOST = Duration.ofSeconds(15);
  /**
   * With C1 only, one slice: C1 compiles the request path within it, and a longer warm-up kept
   * compiling cold code for ~1 s without making the first second faster (bench/time-to-running.sh:
   * "Running" after 0.88 s, its first second at 0.92 of the steady rate, against 1.4-1.7 s and
   * 0.91-0.98 waiting for C1 to go quiet).
   */
  private static final Duration C1_WARMUP = Duration.ofMillis(300);

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
  boolean help;

  @Option(names = {"-v", "-V", "--version"}, versionHelp = true, description = "Prints the version and exits.")
  boolean version;

  @Option(names = {"-t", "--threads"}, defaultValue = "2", converter = WrkArguments.Count.class,
      description = "Event loops (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = {"-c", "--connections"}, defaultValue = "10", converter = WrkArguments.Count.class,
      description = "Connections to keep open; k, M suffixes as in wrk (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = WrkArguments.Time.class,
      description = "Duration of the test: seconds (2) or 2s, 2m, 2h, 500ms (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = {"-R", "--rate"}, defaultValue = "0", converter = WrkArguments.Rate.class,
      description = "Open model (wrk2): total requests/second, k, M suffixes; latency counts from each request's "
          + "intended send time.")
  double rate;

  @Option(names = "--timeout", defaultValue = LoadDefaults.TIMEOUT_TEXT, converter = WrkArguments.Time.class,
      description = "Socket/request timeout: seconds or with a unit (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--warmup", defaultValue = "0s", converter = WrkArguments.Time.class,
      description = "Load applied before measuring, left out of the results (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'", description = "Adds a request header (repeatable).")
  List<String> headers = List.of();

  @Option(names = {"-L", "--latency"}, description = "Prints the latency distribution.")
  boolean latency;

  @Option(names = {"-s", "--script"}, paramLabel = "FILE",
      description = "Not supported: Gauntlet runs no Lua. Put the method, headers and body in a plan's load section "
          + "(gauntlet run PLAN), or pass headers with -H.")
  String script;

  @Option(names = "--json", description = "Prints one JSON object instead of wrk's summary.")
  boolean json;

  @Option(names = "--hlog", paramLabel = "FILE", description = "Writes the interval histograms in HdrHistogram's log format.")
  Path hlog;

  @Option(names = "--no-jit-warmup", description = "Skips compiling the request path against an in-process loopback "
      + "server first (until the JIT settles, 0.5-15 s; 0.3 s with C1 only); the first seconds of the run are then measured by "
      + "interpreted code while the compiler takes CPU.")
  boolean noJitWarmup;

  @Option(names = "--transport", defaultValue = "auto", paramLabel = "auto|io_uring|epoll|nio",
      description = "Socket transport (default ${DEFAULT-VALUE}: epoll, which measured latency truest and, idle, "
          + "the least CPU per request; Netty's io_uring took 1.0-1.5x as much). One not available here (io_uring "
          + "under docker's default seccomp profile, say) falls back to the next, with a note on stderr; --json records "
          + "the one that ran.")
  String transport;

  @Parameters(index = "0", paramLabel = "URL", description = "http://host:port/path")
  String url;

  @Override
  public Integer call() throws Exception {
    if (script != null) {
      // One sentence, not the usage: the flag is known, its feature is not there.
      spec.commandLine().getErr().println("gauntlet load: -s " + script + ": Lua scripts are not supported; put the "
          + "method, headers and body in a plan's load section (gauntlet run PLAN), or pass headers with -H 'Name: value'");
      return BAD_INPUT;
    }
    LoadOptions options = options();
    TargetCheck.reachable(options.url(), options.timeout());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadTally tally = new LoadTally(options.warmup(), options.interval());
    JitCompilers jit = JitCompilers.ofThisJvm();
    try (LoadEngine engine = new LoadEngine()) {
      engine.transportFor(options.transport()).note()
          .ifPresent(note -> spec.commandLine().getErr().println("gauntlet load: " + note));
      if (jit == JitCompilers.C1_ONLY) {
        // On stderr: stdout keeps wrk's shape, line for line.
        err.println("gauntlet load: JIT: C1 only, ready at once but costlier per request than with C2 (./gauntlet "
            + "runs loads under 10 s so; GAUNTLET_JIT=c2 compiles with C2 too)");
      }
      if (!noJitWarmup) {
        err.println("gauntlet load: warming up the JIT in-process before measuring (--no-jit-warmup skips it) ...");
        err.flush();
        boolean c1Only = jit == JitCompilers.C1_ONLY;
        engine.warmUp(options, c1Only ? C1_WARMUP : JIT_WARMUP_AT_LEAST, c1Only ? C1_WARMUP : JIT_WARMUP_AT_MOST);
      }
      if (!json) {
        // Printed when the run really starts, as wrk does: scripts time their samples from it.
        out.print(WrkReport.header(options));
        out.flush();
      }
      LoadRun run = engine.start(options, 0, tally);
      // Ctrl-C ends the run early and the partial summary is printed, as wrk does.
      try (Interrupts interrupts = Interrupts.stopping(run)) {
        run.completion().join();
      }
    }
    if (hlog != null) {
      writeHlog(tally);
    }
    out.print(json ? LoadJson.render(tally, jit) + System.lineSeparator() : WrkReport.summary(options, tally, latency));
    out.flush();
    long succeeded = tally.requests() - tally.errors().get(ErrorClass.STATUS);
    if (succeeded <= 0) {
      err.println("gauntlet load: no request succeeded against " + url + " (" + tally.errors().total()
          + " errors); see the summary");
      return 1;
    }
    return 0;
  }

  private LoadOptions options() {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new ParameterException(spec.commandLine(), "URL '" + url + "' is not valid: " + e.getReason());
    }
    Map<String, String> parsedHeaders = new LinkedHashMap<>();
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new ParameterException(spec.commandLine(), "--header '" + header + "' must look like 'Name: value'");
      }
      // A name given twice is sent once with both values, as HTTP lets a list header be combined.
      parsedHeaders.merge(header.substring(0, colon).trim(), header.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
    }
    try {
      return new LoadOptions(uri, LoadDefaults.METHOD, parsedHeaders, new byte[0], threads, connections, duration, warmup,
          timeout, rate, LoadDefaults.INTERVAL, LoadTransport.parse(transport));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private void writeHlog(LoadTally tally) throws IOException {
    Path parent = hlog.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(hlog)) {
      HlogWriter.write(out, tally.startedUnixNanos() / 1_000_000, tally.intervals(), "gauntlet load " + url);
    }
  }
}
