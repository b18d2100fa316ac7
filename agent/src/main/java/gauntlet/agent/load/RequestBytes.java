package gauntlet.agent.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A request encoded once, byte for byte what wrk sends for the same URL: every connection writes
 * its own read-only view of these bytes, so nothing is encoded or allocated per request.
 */
final class RequestBytes {
  private final byte[] bytes;
  private final boolean head;

  RequestBytes(LoadOptions options) {
    URI url = options.url();
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    String authority = url.getPort() > 0 ? url.getHost() + ":" + url.getPort() : url.getHost();
    StringBuilder head = new StringBuilder()
        .append(options.method()).append(' ').append(path).append(" HTTP/1.1\r\n");
    boolean hostGiven = options.headers().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("host"));
    if (!hostGiven) {
      head.append("Host: ").append(authority).append("\r\n");
    }
    for (Map.Entry<String, String> header : options.headers().entrySet()) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    boolean lengthGiven = options.headers().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("content-length"));
    if (options.body().length > 0 && !lengthGiven) {
      head.append("Content-Length: ").append(options.body().length).append("\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    this.bytes = new byte[headBytes.length + options.body().length];
    System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
    System.arraycopy(options.body(), 0, bytes, headBytes.length, options.body().length);
    this.head = options.method().equalsIgnoreCase("HEAD");
  }

  /** True for HEAD requests, whose responses carry no body. */
  boolean isHead() {
    return head;
  }

  int length() {
    return bytes.length;
  }

  /**
   * A direct buffer holding the request for one connection. It is never released by writes, so the
   * connection rewinds and writes the same buffer for every request.
   */
  ByteBuf newConnectionBuffer() {
    ByteBuf direct = Unpooled.directBuffer(bytes.length, bytes.length).writeBytes(bytes);
    return Unpooled.unreleasableBuffer(direct);
  }

  @Override
  public String toString() {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
