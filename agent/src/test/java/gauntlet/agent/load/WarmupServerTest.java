package gauntlet.agent.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WarmupServerTest {
  private static final byte[] HEAD = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  void answersEveryRequestHeadWithACompleteKeepAliveResponseEvenWhenHeadsArriveSplitOrTogether() throws Exception {
    try (WarmupServer server = WarmupServer.start();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      // Two heads in one write, then one cut inside its CR LF CR LF, then five more together.
      out.write(concat(HEAD, HEAD));
      out.write(HEAD, 0, HEAD.length - 3);
      out.flush();
      out.write(HEAD, HEAD.length - 3, 3);
      out.write(concat(HEAD, HEAD, HEAD, HEAD, HEAD));
      out.flush();

      HttpResponseParser parser = new HttpResponseParser();
      int complete = 0;
      InputStream in = socket.getInputStream();
      byte[] chunk = new byte[4096];
      while (complete < 8) {
        int count = in.read(chunk);
        assertThat(count).as("bytes before the connection ended").isPositive();
        ByteBuf buffer = Unpooled.wrappedBuffer(chunk, 0, count);
        while (buffer.isReadable()) {
          HttpResponseParser.Result result = parser.parse(buffer);
          assertThat(result).isNotEqualTo(HttpResponseParser.Result.ERROR);
          if (result == HttpResponseParser.Result.COMPLETE) {
            complete++;
            assertThat(parser.status()).isEqualTo(200);
            assertThat(parser.closeAfter()).isFalse();
          }
        }
      }
      assertThat(parser.atResponseStart()).isTrue();
    }
  }

  @Test
  void closingStopsItsThreadAndFreesThePort() throws Exception {
    WarmupServer server = WarmupServer.start();
    int port = server.port();
    server.close();

    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("gauntlet-jit-warmup-server"));
    try (java.net.ServerSocket again = new java.net.ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
