package gauntlet.core.security;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The little DER that reading PEM keys takes: walking a structure's elements and wrapping the
 * PKCS#1 and SEC1 encodings into PKCS#8, which the JDK's key factories read. Enough for keys,
 * nothing more (no general ASN.1).
 */
final class Der {
  static final int INTEGER = 0x02;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OID = 0x06;
  static final int SEQUENCE = 0x30;
  /** {@code [0]}, constructed: SEC1's curve parameters. */
  static final int CONTEXT_0 = 0xA0;

  /** One element: its tag and where its content lies in {@code bytes}. */
  record Element(byte[] bytes, int tag, int start, int end, int contentStart) {
    /** The whole element, tag and length included. */
    byte[] encoded() {
      return Arrays.copyOfRange(bytes, start, end);
    }

    /** The element's children, when it is constructed (a SEQUENCE, a context tag). */
    Reader children() {
      return new Reader(bytes, contentStart, end);
    }
  }

  /** Reads elements one after the other from a range of bytes. */
  static final class Reader {
    private final byte[] bytes;
    private int position;
    private final int end;

    Reader(byte[] bytes) {
      this(bytes, 0, bytes.length);
    }

    private Reader(byte[] bytes, int start, int end) {
      this.bytes = bytes;
      this.position = start;
      this.end = end;
    }

    boolean hasMore() {
      return position < end;
    }

    /** @throws IllegalArgumentException when the bytes are not DER */
    Element next() {
      int start = position;
      if (end - position < 2) {
        throw new IllegalArgumentException("truncated DER element");
      }
      int tag = bytes[position++] & 0xFF;
      int length = bytes[position++] & 0xFF;
      if (length > 0x80) {
        int octets = length - 0x80;
        if (octets > 3 || end - position < octets) {
          throw new IllegalArgumentException("DER length of " + octets + " octets");
        }
        length = 0;
        for (int i = 0; i < octets; i++) {
          length = (length << 8) | (bytes[position++] & 0xFF);
        }
      } else if (length == 0x80) {
        throw new IllegalArgumentException("indefinite length, which DER forbids");
      }
      int contentStart = position;
      if (length > end - contentStart) {
        throw new IllegalArgumentException("DER element longer than its container");
      }
      position = contentStart + length;
      return new Element(bytes, tag, start, position, contentStart);
    }

    /** The next element, which must carry {@code tag}. */
    Element next(int tag, String what) {
      Element element = next();
      if (element.tag() != tag) {
        throw new IllegalArgumentException(what + " expected, found tag 0x" + Integer.toHexString(element.tag()));
      }
      return element;
    }
  }

  private Der() {}

  /** {@code tag} with {@code parts} as its content. */
  static byte[] element(int tag, byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write(length >> 8);
      out.write(length);
    }
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /**
   * A PKCS#8 PrivateKeyInfo: version 0, the algorithm (its OID and parameters, already encoded),
   * and the algorithm's own encoding of the key.
   */
  static byte[] privateKeyInfo(byte[] algorithmIdentifier, byte[] key) {
    return element(SEQUENCE, new byte[] {INTEGER, 1, 0}, algorithmIdentifier, element(OCTET_STRING, key));
  }
}
