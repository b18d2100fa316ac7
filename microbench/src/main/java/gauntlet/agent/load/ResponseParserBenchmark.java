package gauntlet.agent.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The response parser on the article's responses: nanoseconds per response, the cost the event
 * loop pays before it can send the next request. (In the agent's package: the parser is package-private.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// The launchers' collector (scripts/jvm-options.sh), so that the parser runs with the write barriers
// of a real run: G1's differ from ParallelGC's.
@Fork(value = 1, jvmArgsAppend = "-XX:+UseParallelGC")
public class ResponseParserBenchmark {
  private static final String GO = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
      + "Date: Sun, 29 Nov 2026 00:07:34 GMT\r\nContent-Length: 28\r\n\r\n{\"message\":\"Hello from Go!\"}";
  private static final String NODE = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
      + "Connection: keep-alive\r\nKeep-Alive: timeout=5\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "1e\r\n{\"message\":\"Hello from Node!\"}\r\n0\r\n\r\n";

  @Param({"go", "node"})
  public String server;

  private final HttpResponseParser parser = new HttpResponseParser();
  private ByteBuf response;

  @Setup
  public void setUp() {
    byte[] bytes = (server.equals("go") ? GO : NODE).getBytes(StandardCharsets.US_ASCII);
    response = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
  }

  @Benchmark
  public HttpResponseParser.Result parseOneResponse() {
    response.readerIndex(0);
    return parser.parse(response);
  }
}
