package gauntlet.cli.load;

import gauntlet.core.LoadDefaults;
import gauntlet.core.LoadTransport;

import gauntlet.agent.load.LoadEngine;
import gauntlet.agent.load.LoadOptions;
import gauntlet.agent.load.LoadRun;
import gauntlet.cli.DurationConverter;
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
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Generates HTTP load like wrk (closed model) or wrk2 (-R, open model) and prints wrk's summary.")
public final class LoadCommand implements Callable<Integer> {

  private static final Duration JIT_WARMUP_AT_LEAST = Duration.ofSeconds(2);
  private static final Duration JIT_WARMUP_AT_MOST = Duration.ofSeconds(15);

  @Spec
  CommandSpec spec;

  @Option(names = {"-t", "--threads"}, defaultValue = "2", description = "Event loops (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = {"-c", "--connections"}, defaultValue = "10", description = "Connections to keep open (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class,
      description = "Duration of the test (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = {"-R", "--rate"}, defaultValue = "0",
      description = "Open model: total requests/second; latency counts from each request's intended send time.")
  double rate;

  @Option(names = "--timeout", defaultValue = LoadDefaults.TIMEOUT_TEXT, converter = DurationConverter.class,
      description = "Socket/request timeout (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class,
      description = "Load applied before measuring, left out of the results (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'", description = "Adds a request header (repeatable).")
  List<String> headers = List.of();

  @Option(names = "--latency", description = "Prints the latency distribution.")
  boolean latency;

  @Option(names = "--json", description = "Prints one JSON object instead of wrk's summary.")
  boolean json;

  @Option(names = "--hlog", paramLabel = "FILE", description = "Writes the interval histograms in HdrHistogram's log format.")
  Path hlog;

  @Option(names = "--no-jit-warmup", description = "Skips compiling the request path against an in-process loopback "
      + "server first (until the JIT settles, 2-15 s); the first seconds of the run are then measured by "
      + "interpreted code while the compiler takes CPU.")
  boolean noJitWarmup;

  @Option(names = "--transport", defaultValue = "auto", paramLabel = "auto|io_uring|epoll|nio",
      description = "Socket transport (default ${DEFAULT-VALUE}: epoll, which measured latency truest; io_uring costs "
          + "less CPU per request). One not available here (io_uring under docker's default seccomp profile, say) falls "
          + "back to the next, with a note on stderr; --json records the one that ran.")
  String transport;

  @Parameters(index = "0", paramLabel = "URL", description = "http://host:port/path")
  String url;

  @Override
  public Integer call() throws Exception {
    LoadOptions options = options();
    PrintWriter out = spec.commandLine().getOut();
    LoadTally tally = new LoadTally(options.warmup(), options.interval());
    try (LoadEngine engine = new LoadEngine()) {
      engine.transportFor(options.transport()).note()
          .ifPresent(note -> spec.commandLine().getErr().println("gauntlet load: " + note));
      if (!noJitWarmup) {
        engine.warmUp(options, JIT_WARMUP_AT_LEAST, JIT_WARMUP_AT_MOST);
      }
      if (!json) {
        // Printed when the run really starts, as wrk does: scripts time their samples from it.
        out.print(WrkReport.header(options));
        out.flush();
      }
      LoadRun run = engine.start(options, 0, tally);
      Thread stopper = new Thread(run::stop, "gauntlet-load-interrupt");
      Runtime.getRuntime().addShutdownHook(stopper);
      try {
        run.completion().join();
      } finally {
        removeHook(stopper);
      }
    }
    if (hlog != null) {
      writeHlog(tally);
    }
    out.print(json ? LoadJson.render(tally) + System.lineSeparator() : WrkReport.summary(options, tally, latency));
    out.flush();
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
      parsedHeaders.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
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

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already exiting (Ctrl-C): the hook has stopped the run.
    }
  }
}
