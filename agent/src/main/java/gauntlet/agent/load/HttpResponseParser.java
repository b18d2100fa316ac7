package gauntlet.agent.load;

import io.netty.buffer.ByteBuf;

/**
 * An incremental HTTP/1.1 response parser that keeps no bytes across reads: it walks each buffer
 * once, the head and chunk framing through a small copy (byte by byte where a byte decides
 * something, in runs where none does) and bodies in bulk, so a response split across reads at any
 * byte, or several responses in one read, parse the same. It allocates nothing.
 *
 * <p>It understands what a load generator must: the status code, {@code Content-Length}, chunked
 * bodies (with extensions and trailers), {@code Connection: close}, 1xx interim responses, and
 * bodies delimited by the end of the connection. An HTTP/1.0 response ends its connection unless it
 * says {@code Connection: keep-alive} (RFC 9112 section 9.3). Anything else malformed is an error.
 */
final class HttpResponseParser {

  /** What {@link #parse} stopped on. */
  enum Result {
    /** The buffer was used up inside a response. */
    NEED_MORE,
    /** One response ended; the buffer's reader index is just past it. */
    COMPLETE,
    /** The bytes are not an HTTP/1.x response; the connection must be dropped. */
    ERROR
  }

  private enum State {
    VERSION, STATUS_CODE, REASON, HEADER_LINE_START, HEADER_NAME, HEADER_VALUE, HEADERS_END_LF,
    BODY_FIXED, BODY_UNTIL_CLOSE, CHUNK_SIZE, CHUNK_EXTENSION, CHUNK_SIZE_LF, CHUNK_DATA, CHUNK_DATA_CR,
    CHUNK_DATA_LF, TRAILER_LINE_START, TRAILER_LINE, TRAILER_END_LF
  }

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte[] VERSION_PREFIX = {'H', 'T', 'T', 'P', '/', '1', '.'};
  private static final byte[] CONTENT_LENGTH = lower("content-length");
  private static final byte[] TRANSFER_ENCODING = lower("transfer-encoding");
  private static final byte[] CONNECTION = lower("connection");
  private static final byte[] CHUNKED = lower("chunked");
  private static final byte[] CLOSE = lower("close");
  private static final byte[] KEEP_ALIVE = lower("keep-alive");
  private static final int MAX_HEAD_BYTES = 64 * 1024;
  private static final long MAX_CHUNK_SIZE = 1L << 40;
  private static final int WINDOW_BYTES = 512;
  // "HTTP/1.1 200 ": the version, its space, the code and the space before the reason.
  private static final int STATUS_LINE_START = 13;

  private static final int H_CONTENT_LENGTH = 1;
  private static final int H_TRANSFER_ENCODING = 2;
  private static final int H_CONNECTION = 4;

  // Head and framing bytes are copied here to be read (see parse).
  private final byte[] window = new byte[WINDOW_BYTES];
  private State state = State.VERSION;
  private int position;
  private int status;
  private int headBytes;
  private int nameCandidates;
  private int header;
  private boolean contentLengthSeen;
  private long contentLength;
  private boolean chunked;
  private boolean closeAfter;
  private boolean http10;
  private boolean keepAlive;
  private int keepAliveMatch;
  private long remaining;
  private long chunkSize;
  private int chunkDigits;
  private boolean requestWasHead;
  // The header value being read: a number, or comma-separated tokens compared with one word.
  private long number;
  private int digits;
  private boolean valueEnded;
  private int tokenMatch;
  private boolean tokenStarted;
  private boolean tokenEnded;
  // What the last complete response said, kept while the next one is parsed.
  private int lastStatus;
  private boolean lastCloseAfter;

  /** Ready for the next response. */
  private void reset() {
    state = State.VERSION;
    position = 0;
    status = 0;
    headBytes = 0;
    contentLengthSeen = false;
    contentLength = 0;
    chunked = false;
    closeAfter = false;
    http10 = false;
    keepAlive = false;
    remaining = 0;
  }

  /** Forgets everything, for a new connection. */
  void resetConnection() {
    reset();
    lastStatus = 0;
    lastCloseAfter = false;
  }

  /** A HEAD request's response has headers but never a body. */
  void expectHeadResponse(boolean head) {
    this.requestWasHead = head;
  }

  /** Status code of the last complete response. */
  int status() {
    return lastStatus;
  }

  /** True when the last complete response ends the connection (Connection: close, or read-to-close). */
  boolean closeAfter() {
    return lastCloseAfter;
  }

  /** True while reading a body that only the end of the connection delimits. */
  boolean bodyEndsWithConnection() {
    return state == State.BODY_UNTIL_CLOSE;
  }

  /** True when no byte of a response has been read yet. */
  boolean atResponseStart() {
    return state == State.VERSION && position == 0;
  }

  /** Parses from the buffer's reader index, advancing it past what it consumed. */
  Result parse(ByteBuf in) {
    while (in.isReadable()) {
      switch (state) {
        case BODY_FIXED -> {
          int skip = (int) Math.min(remaining, in.readableBytes());
          in.skipBytes(skip);
          remaining -= skip;
          if (remaining == 0) {
            return complete();
          }
          continue;
        }
        case CHUNK_DATA -> {
          int skip = (int) Math.min(remaining, in.readableBytes());
          in.skipBytes(skip);
          remaining -= skip;
          if (remaining == 0) {
            state = State.CHUNK_DATA_CR;
          }
          continue;
        }
        case BODY_UNTIL_CLOSE -> {
          in.skipBytes(in.readableBytes());
          return Result.NEED_MORE;
        }
        default -> { }
      }
      // Head and chunk framing are read from a copy: one bulk copy costs less than the checks
      // ByteBuf.readByte makes on every byte.
      int start = in.readerIndex();
      int length = Math.min(in.readableBytes(), window.length);
      in.getBytes(start, window, 0, length);
      Result result = readWindow(in, start, length);
      if (result != null) {
        return result;
      }
    }
    return Result.NEED_MORE;
  }

  /**
   * Steps through the first {@code length} bytes of the window, copied from {@code in} at
   * {@code start}, until a response ends, an error, a body to skip in bulk, or the window's end;
   * moves {@code in}'s reader index past what it consumed. Returns the result, null to go on.
   */
  private Result readWindow(ByteBuf in, int start, int length) {
    byte[] bytes = window;
    int i = 0;
    Result result = null;
    while (i < length && result == null && !inBody()) {
      boolean inHead = state.ordinal() <= State.HEADERS_END_LF.ordinal();
      int from = i;
      int deciding = skipInert(bytes, i, length);
      i = deciding < length ? deciding + 1 : length;
      if (inHead && (headBytes += i - from) > MAX_HEAD_BYTES) {
        result = Result.ERROR;
      } else if (deciding < length) {
        result = step(bytes[deciding]);
      }
    }
    in.readerIndex(start + i);
    return result;
  }

  /** True in a state whose bytes {@link #parse} skips in bulk. */
  private boolean inBody() {
    return state == State.BODY_FIXED || state == State.CHUNK_DATA || state == State.BODY_UNTIL_CLOSE;
  }

  /**
   * Runs over the bytes from {@code i} that only move the state along without a decision: the rest
   * of a line nothing is read from, a header name's letters. Returns the index of the first byte
   * {@link #step} must see, or {@code length}.
   */
  private int skipInert(byte[] bytes, int i, int length) {
    switch (state) {
      case VERSION -> {
        return position == 0 ? statusLine(bytes, i, length) : i;
      }
      case REASON, TRAILER_LINE, CHUNK_EXTENSION -> {
        return lineFeed(bytes, i, length);
      }
      case HEADER_VALUE -> {
        return header == 0 ? lineFeed(bytes, i, length) : i;
      }
      case HEADER_NAME -> {
        while (i < length) {
          byte b = bytes[i];
          if (b == ':' || b == CR || b == LF || b == ' ') {
            return i;
          }
          if (nameCandidates != 0) {
            matchName(b);
          }
          i++;
        }
        return i;
      }
      default -> {
        return i;
      }
    }
  }

  /**
   * The usual start of a response, {@code HTTP/1.x NNN } whole in the window, read at once; anything
   * else (or a start split across reads) is left to {@link #step}, byte by byte.
   */
  private int statusLine(byte[] bytes, int i, int length) {
    if (length - i < STATUS_LINE_START || bytes[i + STATUS_LINE_START - 1] != ' ') {
      return i;
    }
    for (int k = 0; k < VERSION_PREFIX.length; k++) {
      if (bytes[i + k] != VERSION_PREFIX[k]) {
        return i;
      }
    }
    byte minor = bytes[i + VERSION_PREFIX.length];
    if (minor != '0' && minor != '1' || bytes[i + VERSION_PREFIX.length + 1] != ' ') {
      return i;
    }
    int code = 0;
    for (int k = VERSION_PREFIX.length + 2; k < STATUS_LINE_START - 1; k++) {
      byte digit = bytes[i + k];
      if (digit < '0' || digit > '9') {
        return i;
      }
      code = code * 10 + (digit - '0');
    }
    http10 = minor == '0';
    status = code;
    state = State.REASON;
    return i + STATUS_LINE_START;
  }

  private static int lineFeed(byte[] bytes, int i, int length) {
    while (i < length && bytes[i] != LF) {
      i++;
    }
    return i;
  }

  /** The connection ended: completes a body delimited by the end of the connection. */
  Result endOfInput() {
    if (state == State.BODY_UNTIL_CLOSE) {
      return complete();
    }
    return atResponseStart() ? Result.NEED_MORE : Result.ERROR;
  }

  /** One byte of the head or of chunk framing; null to go on. */
  private Result step(byte b) {
    switch (state) {
      case VERSION -> {
        if (position < VERSION_PREFIX.length) {
          if (b != VERSION_PREFIX[position++]) {
            return Result.ERROR;
          }
        } else if (position++ == VERSION_PREFIX.length) {
          if (b != '0' && b != '1') {
            return Result.ERROR;
          }
          http10 = b == '0';
        } else if (b == ' ') {
          state = State.STATUS_CODE;
          position = 0;
        } else {
          return Result.ERROR;
        }
      }
      case STATUS_CODE -> {
        if (position < 3) {
          if (b < '0' || b > '9') {
            return Result.ERROR;
          }
          status = status * 10 + (b - '0');
          position++;
        } else if (b == ' ') {
          state = State.REASON;
        } else if (b == CR) {
          state = State.REASON;
        } else if (b == LF) {
          state = State.HEADER_LINE_START;
        } else {
          return Result.ERROR;
        }
      }
      case REASON -> {
        if (b == LF) {
          state = State.HEADER_LINE_START;
        }
      }
      case HEADER_LINE_START -> {
        if (b == CR) {
          state = State.HEADERS_END_LF;
        } else if (b == LF) {
          return endOfHeaders();
        } else if (b == ' ' || b == '\t' || b == ':') {
          return Result.ERROR;
        } else {
          state = State.HEADER_NAME;
          nameCandidates = H_CONTENT_LENGTH | H_TRANSFER_ENCODING | H_CONNECTION;
          position = 0;
          matchName(b);
        }
      }
      case HEADER_NAME -> {
        if (b == ':') {
          header = 0;
          if ((nameCandidates & H_CONTENT_LENGTH) != 0 && position == CONTENT_LENGTH.length) {
            header = H_CONTENT_LENGTH;
          } else if ((nameCandidates & H_TRANSFER_ENCODING) != 0 && position == TRANSFER_ENCODING.length) {
            header = H_TRANSFER_ENCODING;
          } else if ((nameCandidates & H_CONNECTION) != 0 && position == CONNECTION.length) {
            header = H_CONNECTION;
          }
          state = State.HEADER_VALUE;
          number = 0;
          digits = 0;
          valueEnded = false;
          startToken();
        } else if (b == CR || b == LF || b == ' ') {
          return Result.ERROR;
        } else {
          matchName(b);
        }
      }
      case HEADER_VALUE -> {
        if (b == LF) {
          if (!finishHeaderValue()) {
            return Result.ERROR;
          }
          state = State.HEADER_LINE_START;
        } else if (b != CR) {
          if (!headerValueByte(b)) {
            return Result.ERROR;
          }
        }
      }
      case HEADERS_END_LF -> {
        if (b != LF) {
          return Result.ERROR;
        }
        return endOfHeaders();
      }
      case CHUNK_SIZE -> {
        int digit = hex(b);
        if (digit >= 0) {
          chunkSize = chunkSize * 16 + digit;
          if (++chunkDigits > 12 || chunkSize > MAX_CHUNK_SIZE) {
            return Result.ERROR;
          }
        } else if (chunkDigits == 0) {
          return Result.ERROR;
        } else if (b == ';' || b == ' ' || b == '\t') {
          state = State.CHUNK_EXTENSION;
        } else if (b == CR) {
          state = State.CHUNK_SIZE_LF;
        } else if (b == LF) {
          return endOfChunkSize();
        } else {
          return Result.ERROR;
        }
      }
      case CHUNK_EXTENSION -> {
        if (b == LF) {
          return endOfChunkSize();
        }
      }
      case CHUNK_SIZE_LF -> {
        if (b != LF) {
          return Result.ERROR;
        }
        return endOfChunkSize();
      }
      case CHUNK_DATA_CR -> {
        if (b == CR) {
          state = State.CHUNK_DATA_LF;
        } else if (b == LF) {
          startChunk();
        } else {
          return Result.ERROR;
        }
      }
      case CHUNK_DATA_LF -> {
        if (b != LF) {
          return Result.ERROR;
        }
        startChunk();
      }
      case TRAILER_LINE_START -> {
        if (b == CR) {
          state = State.TRAILER_END_LF;
        } else if (b == LF) {
          return complete();
        } else {
          state = State.TRAILER_LINE;
        }
      }
      case TRAILER_LINE -> {
        if (b == LF) {
          state = State.TRAILER_LINE_START;
        }
      }
      case TRAILER_END_LF -> {
        if (b != LF) {
          return Result.ERROR;
        }
        return complete();
      }
      default -> {
        return Result.ERROR;
      }
    }
    return null;
  }

  private void matchName(byte b) {
    byte lower = (byte) (b >= 'A' && b <= 'Z' ? b + 32 : b);
    if ((nameCandidates & H_CONTENT_LENGTH) != 0
        && (position >= CONTENT_LENGTH.length || CONTENT_LENGTH[position] != lower)) {
      nameCandidates &= ~H_CONTENT_LENGTH;
    }
    if ((nameCandidates & H_TRANSFER_ENCODING) != 0
        && (position >= TRANSFER_ENCODING.length || TRANSFER_ENCODING[position] != lower)) {
      nameCandidates &= ~H_TRANSFER_ENCODING;
    }
    if ((nameCandidates & H_CONNECTION) != 0
        && (position >= CONNECTION.length || CONNECTION[position] != lower)) {
      nameCandidates &= ~H_CONNECTION;
    }
    position++;
  }

  /** One byte of a header value we care about; false when it is malformed. */
  private boolean headerValueByte(byte b) {
    boolean space = b == ' ' || b == '\t';
    switch (header) {
      case H_CONTENT_LENGTH -> {
        if (space) {
          valueEnded = digits > 0;
          return true;
        }
        if (b < '0' || b > '9' || valueEnded || digits >= 15) {
          return false;
        }
        number = number * 10 + (b - '0');
        digits++;
        return true;
      }
      case H_TRANSFER_ENCODING -> {
        if (b == ',') {
          startToken();
        } else {
          tokenByte(b, space, CHUNKED);
        }
        return true;
      }
      case H_CONNECTION -> {
        if (b == ',') {
          endConnectionToken();
          startToken();
        } else {
          if (!space) {
            byte lower = (byte) (b >= 'A' && b <= 'Z' ? b + 32 : b);
            keepAliveMatch = tokenEnded || keepAliveMatch < 0 || keepAliveMatch >= KEEP_ALIVE.length
                || KEEP_ALIVE[keepAliveMatch] != lower ? -1 : keepAliveMatch + 1;
          }
          tokenByte(b, space, CLOSE);
        }
        return true;
      }
      default -> {
        return true;
      }
    }
  }

  private void endConnectionToken() {
    closeAfter |= tokenIs(CLOSE);
    keepAlive |= keepAliveMatch == KEEP_ALIVE.length;
  }

  private void startToken() {
    keepAliveMatch = 0;
    tokenMatch = 0;
    tokenStarted = false;
    tokenEnded = false;
  }

  private void tokenByte(byte b, boolean space, byte[] word) {
    if (space) {
      tokenEnded = tokenStarted;
      return;
    }
    tokenStarted = true;
    byte lower = (byte) (b >= 'A' && b <= 'Z' ? b + 32 : b);
    if (tokenEnded || tokenMatch < 0 || tokenMatch >= word.length || word[tokenMatch] != lower) {
      tokenMatch = -1;
    } else {
      tokenMatch++;
    }
  }

  private boolean tokenIs(byte[] word) {
    return tokenMatch == word.length;
  }

  private boolean finishHeaderValue() {
    switch (header) {
      case H_CONTENT_LENGTH -> {
        if (digits == 0 || contentLengthSeen && number != contentLength) {
          return false;
        }
        contentLengthSeen = true;
        contentLength = number;
      }
      // The last transfer coding decides whether the body is chunked.
      case H_TRANSFER_ENCODING -> chunked = tokenIs(CHUNKED);
      case H_CONNECTION -> endConnectionToken();
      default -> { }
    }
    return true;
  }

  private Result endOfHeaders() {
    if (status >= 100 && status < 200) {
      // An interim response (100 Continue): the real one follows.
      // 101 Switching Protocols would leave HTTP altogether: not something a benchmark can follow.
      boolean switching = status == 101;
      reset();
      return switching ? Result.ERROR : null;
    }
    if (requestWasHead || status == 204 || status == 304) {
      return complete();
    }
    if (chunked) {
      startChunk();
      return null;
    }
    if (contentLengthSeen) {
      if (contentLength == 0) {
        return complete();
      }
      remaining = contentLength;
      state = State.BODY_FIXED;
      return null;
    }
    closeAfter = true;
    state = State.BODY_UNTIL_CLOSE;
    return null;
  }

  private void startChunk() {
    state = State.CHUNK_SIZE;
    chunkSize = 0;
    chunkDigits = 0;
  }

  private Result endOfChunkSize() {
    if (chunkSize == 0) {
      state = State.TRAILER_LINE_START;
    } else {
      remaining = chunkSize;
      state = State.CHUNK_DATA;
    }
    return null;
  }

  private Result complete() {
    lastStatus = status;
    // HTTP/1.0 has no persistent connections unless the server offers one.
    lastCloseAfter = closeAfter || http10 && !keepAlive;
    reset();
    return Result.COMPLETE;
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  private static byte[] lower(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
