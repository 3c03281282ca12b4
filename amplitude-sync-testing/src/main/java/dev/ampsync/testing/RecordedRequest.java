package dev.ampsync.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One HTTP request {@link FakeAmplitude} received, as it arrived, with the status it was answered
 * with. Immutable. {@link #toString()} never shows the body (it holds the API key).
 */
public final class RecordedRequest {
  /** The {@link #status()} of a request whose connection was dropped without a response. */
  public static final int NO_RESPONSE = -1;

  private final String method;
  private final String path;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final long decompressedSize;
  private final int status;
  private final Instant receivedAt;

  RecordedRequest(
      String method,
      String path,
      Map<String, List<String>> headers,
      byte[] body,
      long decompressedSize,
      int status,
      Instant receivedAt) {
    this.method = method;
    this.path = path;
    this.headers = headers;
    this.body = body;
    this.decompressedSize = decompressedSize;
    this.status = status;
    this.receivedAt = receivedAt;
  }

  /**
   * Returns the HTTP method.
   *
   * @return e.g. {@code POST}
   */
  public String method() {
    return method;
  }

  /**
   * Returns the request path without query string.
   *
   * @return e.g. {@code /batch}
   */
  public String path() {
    return path;
  }

  /**
   * Returns all request headers.
   *
   * @return lower-case header name → values
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * Returns the first value of a header.
   *
   * @param name the header name, any case
   * @return the value, or {@code null} when absent
   * @throws NullPointerException if {@code name} is null
   */
  public String header(String name) {
    List<String> values = headers.get(
        Required.value(name, "name", "pass the header's name, any case, e.g. \"Content-Encoding\"").toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * Returns the body bytes exactly as received (still gzip-compressed if they were).
   *
   * @return a copy of the raw body
   */
  public byte[] rawBody() {
    return body.clone();
  }

  /**
   * Returns the body as UTF-8 text, decompressed when it was sent with {@code Content-Encoding:
   * gzip}.
   *
   * @return the body text
   * @throws UncheckedIOException if a gzip body cannot be decompressed
   */
  public String bodyText() {
    if (!"gzip".equalsIgnoreCase(String.valueOf(header("content-encoding")).trim())) {
      return new String(body, StandardCharsets.UTF_8);
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("body is not valid gzip", e);
    }
  }

  /**
   * Returns the identifications of a form-encoded /identify or /groupidentify body, parsed.
   *
   * @return one JSON node per identification
   * @throws AssertionError if the body has no {@code identification} field
   */
  public List<com.fasterxml.jackson.databind.JsonNode> identifications() {
    for (String pair : bodyText().split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv[0].equals("identification")) {
        try {
          List<com.fasterxml.jackson.databind.JsonNode> list = new java.util.ArrayList<>();
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8))
              .forEach(list::add);
          return list;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new AssertionError("no identification in " + this);
  }

  /**
   * Returns the size of the body after decompression, the size Amplitude's limits are checked on.
   *
   * @return bytes, or {@code -1} when the body could not be decoded
   */
  public long decompressedSize() {
    return decompressedSize;
  }

  /**
   * Returns the status the fake answered with.
   *
   * @return the HTTP status, or {@link #NO_RESPONSE} when the connection was reset
   */
  public int status() {
    return status;
  }

  /**
   * Returns when the request arrived, by the fake's clock.
   *
   * @return the arrival instant
   */
  public Instant receivedAt() {
    return receivedAt;
  }

  @Override
  public String toString() {
    return method + " " + path + " (" + body.length + " bytes) -> " + status;
  }
}
