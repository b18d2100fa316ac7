package gauntlet.agent.load;

import static gauntlet.agent.load.HttpResponseParser.Result.COMPLETE;
import static gauntlet.agent.load.HttpResponseParser.Result.ERROR;
import static gauntlet.agent.load.HttpResponseParser.Result.NEED_MORE;
import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.agent.load.HttpResponseParser.Result;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpResponseParserTest {
  private static final String GO = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
      + "Date: Sun, 29 Nov 2026 00:07:34 GMT\r\nContent-Length: 28\r\n\r\n{\"message\":\"Hello from Go!\"}";
  private static final String NODE_CHUNKED = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
      + "Connection: keep-alive\r\nKeep-Alive: timeout=5\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "1e\r\n{\"message\":\"Hello from Node!\"}\r\n0\r\n\r\n";
  private static final String CHUNKED_WITH_EXTENSIONS_AND_TRAILERS = "HTTP/1.1 200 OK\r\n"
      + "transfer-encoding: Chunked\r\n\r\n"
      + "5;name=value\r\nhello\r\n"
      + "A \r\n0123456789\r\n"
      + "0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n";

  private final HttpResponseParser parser = new HttpResponseParser();

  @Test
  void contentLengthResponseCompletesExactlyAtItsLastByte() {
    ByteBuf in = bytes(GO + "extra");
    assertThat(parser.parse(in)).isEqualTo(COMPLETE);
    assertThat(parser.status()).isEqualTo(200);
    assertThat(parser.closeAfter()).isFalse();
    assertThat(in.readableBytes()).isEqualTo("extra".length());
  }

  @Test
  void http10ResponseEndsItsConnectionUnlessItOffersKeepAlive() {
    assertThat(parser.parse(bytes("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"))).isEqualTo(COMPLETE);
    assertThat(parser.closeAfter()).as("HTTP/1.0 defaults to close").isTrue();

    assertThat(parser.parse(bytes("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok")))
        .isEqualTo(COMPLETE);
    assertThat(parser.closeAfter()).as("keep-alive offered").isFalse();

    assertThat(parser.parse(bytes("HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n")))
        .isEqualTo(COMPLETE);
    assertThat(parser.closeAfter()).as("close wins").isTrue();

    assertThat(parser.parse(bytes("HTTP/1.1 200 OK\r\nConnection: keep-alive-ish\r\nContent-Length: 0\r\n\r\n")))
        .isEqualTo(COMPLETE);
    assertThat(parser.closeAfter()).as("HTTP/1.1 defaults to keep-alive").isFalse();

    assertThat(parser.parse(bytes("HTTP/1.0 200 OK\r\nConnection: keep-alive-ish\r\nContent-Length: 0\r\n\r\n")))
        .isEqualTo(COMPLETE);
    assertThat(parser.closeAfter()).as("only the exact token keeps an HTTP/1.0 connection").isTrue();
  }

  @Test
  void chunkedBodyOfNodeCompletes() {
    ByteBuf in = bytes(NODE_CHUNKED);
    assertThat(parser.parse(in)).isEqualTo(COMPLETE);
    assertThat(in.isReadable()).isFalse();
  }

  @Test
  void chunkExtensionsAndTrailersAreSkipped() {
    ByteBuf in = bytes(CHUNKED_WITH_EXTENSIONS_AND_TRAILERS);
    assertThat(parser.parse(in)).isEqualTo(COMPLETE);
    assertThat(in.isReadable()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {GO, NODE_CHUNKED, CHUNKED_WITH_EXTENSIONS_AND_TRAILERS})
  void responseSplitAtEveryByteParsesTheSame(String response) {
    byte[] all = response.getBytes(StandardCharsets.US_ASCII);
    for (int split = 1; split < all.length; split++) {
      HttpResponseParser fresh = new HttpResponseParser();
      ByteBuf first = Unpooled.wrappedBuffer(all, 0, split);
      ByteBuf second = Unpooled.wrappedBuffer(all, split, all.length - split);
      assertThat(fresh.parse(first)).as("first %d bytes", split).isEqualTo(NEED_MORE);
      assertThat(fresh.parse(second)).as("rest after %d bytes", split).isEqualTo(COMPLETE);
      assertThat(second.isReadable()).isFalse();
      assertThat(fresh.status()).isEqualTo(200);
    }
  }

  @Test
  void responseFedOneByteAtATimeCompletesOnItsLastByte() {
    byte[] all = NODE_CHUNKED.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < all.length - 1; i++) {
      assertThat(parser.parse(Unpooled.wrappedBuffer(all, i, 1))).isEqualTo(NEED_MORE);
    }
    assertThat(parser.parse(Unpooled.wrappedBuffer(all, all.length - 1, 1))).isEqualTo(COMPLETE);
  }

  @Test
  void pipelinedResponsesInOneReadAreParsedOneByOne() {
    ByteBuf in = bytes(GO + NODE_CHUNKED + "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nNot Found" + GO);
    List<Integer> statuses = new ArrayList<>();
    Result result;
    while ((result = parser.parse(in)) == COMPLETE) {
      statuses.add(parser.status());
    }
    assertThat(result).isEqualTo(NEED_MORE);
    assertThat(statuses).containsExactly(200, 200, 404, 200);
  }

  @Test
  void connectionCloseIsReportedAfterTheResponse() {
    ByteBuf in = bytes("HTTP/1.1 503 Busy\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n");
    assertThat(parser.parse(in)).isEqualTo(COMPLETE);
    assertThat(parser.status()).isEqualTo(503);
    assertThat(parser.closeAfter()).isTrue();
  }

  @Test
  void bodyWithoutLengthEndsWithTheConnection() {
    ByteBuf in = bytes("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nsome body");
    assertThat(parser.parse(in)).isEqualTo(NEED_MORE);
    assertThat(parser.bodyEndsWithConnection()).isTrue();
    assertThat(parser.parse(bytes(" and more"))).isEqualTo(NEED_MORE);
    assertThat(parser.endOfInput()).isEqualTo(COMPLETE);
    assertThat(parser.closeAfter()).isTrue();
  }

  @Test
  void noContentAndInterimResponsesHaveNoBody() {
    ByteBuf in = bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n" + GO);
    assertThat(parser.parse(in)).isEqualTo(COMPLETE);
    assertThat(parser.status()).isEqualTo(204);
    assertThat(parser.parse(in)).isEqualTo(COMPLETE);
    assertThat(parser.status()).isEqualTo(200);
  }

  @Test
  void headResponseHasNoBodyWhateverItsLengthSays() {
    parser.expectHeadResponse(true);
    ByteBuf in = bytes("HTTP/1.1 200 OK\r\nContent-Length: 28\r\n\r\n");
    assertThat(parser.parse(in)).isEqualTo(COMPLETE);
  }

  @Test
  void onlyTheLastTransferCodingDecidesChunking() {
    assertThat(parser.parse(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")))
        .isEqualTo(COMPLETE);
    HttpResponseParser other = new HttpResponseParser();
    assertThat(other.parse(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n")))
        .as("not chunked: read until close").isEqualTo(NEED_MORE);
    assertThat(other.bodyEndsWithConnection()).isTrue();
  }

  @Test
  void connectionEndingMidResponseIsAnError() {
    assertThat(parser.parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 28\r\n\r\n{\"mess"))).isEqualTo(NEED_MORE);
    assertThat(parser.endOfInput()).isEqualTo(ERROR);
  }

  @Test
  void connectionEndingBetweenResponsesIsNotAnError() {
    assertThat(parser.parse(bytes(GO))).isEqualTo(COMPLETE);
    assertThat(parser.endOfInput()).isEqualTo(NEED_MORE);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "HTTP/2 200 OK\r\n\r\n",
      "HTTX/1.1 200 OK\r\n\r\n",
      "HTTP/1.1 2x0 OK\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX",
      "HTTP/1.1 200 OK\r\n Folded: header\r\n\r\n",
      "HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n",
      "HTTP/1.1 101 Switching Protocols\r\n\r\n",
      "<html>not http</html>",
  })
  void malformedResponsesAreErrors(String response) {
    Result result = parser.parse(bytes(response));
    assertThat(result).isEqualTo(ERROR);
  }

  @Test
  void endlessHeadIsAnError() {
    ByteBuf in = bytes("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n");
    assertThat(parser.parse(in)).isEqualTo(ERROR);
  }

  @Test
  void headLongerThanOneCopyWindowParsesWithItsHeadersAtAnyOffset() {
    // The head is read through a 512-byte copy: every header must parse the same on either side
    // of a window's edge, and straddling it.
    for (int pad = 470; pad < 530; pad++) {
      HttpResponseParser fresh = new HttpResponseParser();
      ByteBuf in = bytes("HTTP/1.1 404 Not Found\r\nX-Pad: " + "p".repeat(pad) + "\r\nContent-Length: 5\r\n"
          + "Connection: close\r\n\r\nhello" + GO);
      assertThat(fresh.parse(in)).as("pad %d", pad).isEqualTo(COMPLETE);
      assertThat(fresh.status()).isEqualTo(404);
      assertThat(fresh.closeAfter()).as("pad %d", pad).isTrue();
      assertThat(in.readableBytes()).as("pad %d", pad).isEqualTo(GO.length());
    }
  }

  @Test
  void repeatedEqualContentLengthsAreAccepted() {
    assertThat(parser.parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nok")))
        .isEqualTo(COMPLETE);
  }

  private static ByteBuf bytes(String s) {
    return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.US_ASCII));
  }
}
