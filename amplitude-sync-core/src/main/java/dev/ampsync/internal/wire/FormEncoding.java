package dev.ampsync.internal.wire;

import java.io.ByteArrayOutputStream;

/**
 * {@code application/x-www-form-urlencoded} encoding of UTF-8 bytes, byte for byte as {@link
 * java.net.URLEncoder} encodes, plus the encoded length without encoding.
 */
final class FormEncoding {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final boolean[] KEPT = new boolean[256];

  static {
    for (int c = 'a'; c <= 'z'; c++) {
      KEPT[c] = true;
    }
    for (int c = 'A'; c <= 'Z'; c++) {
      KEPT[c] = true;
    }
    for (int c = '0'; c <= '9'; c++) {
      KEPT[c] = true;
    }
    KEPT['.'] = true;
    KEPT['-'] = true;
    KEPT['*'] = true;
    KEPT['_'] = true;
  }

  private FormEncoding() {}

  static int encodedLength(byte[] bytes) {
    int length = 0;
    for (byte b : bytes) {
      length += KEPT[b & 0xff] || b == ' ' ? 1 : 3;
    }
    return length;
  }

  /**
   * Encodes {@code bytes} into {@code out} from {@code at}, which must have room for {@link
   * #encodedLength}; returns the position after the last byte written.
   */
  static int encode(byte[] bytes, byte[] out, int at) {
    for (byte b : bytes) {
      int unsigned = b & 0xff;
      if (KEPT[unsigned]) {
        out[at++] = b;
      } else if (b == ' ') {
        out[at++] = '+';
      } else {
        out[at++] = '%';
        out[at++] = HEX[unsigned >>> 4];
        out[at++] = HEX[unsigned & 0xf];
      }
    }
    return at;
  }

  /** Encodes {@code bytes} onto a stream (for the fixed parts of a body, built once). */
  static void encode(byte[] bytes, ByteArrayOutputStream out) {
    byte[] encoded = new byte[encodedLength(bytes)];
    encode(bytes, encoded, 0);
    out.writeBytes(encoded);
  }
}
