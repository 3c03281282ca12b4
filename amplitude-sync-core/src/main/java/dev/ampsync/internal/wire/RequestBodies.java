package dev.ampsync.internal.wire;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Assembles request bodies from encoded records, and predicts their exact size before assembling.
 *
 * <ul>
 *   <li>{@link #events}: {@code {"api_key":K,"events":[...],"options":{"min_id_length":N}}} for
 *       {@code /batch} and {@code /2/httpapi} ({@code options} only when a minimum id length is set);
 *   <li>{@link #form}: {@code api_key=K&identification=[...]&options={...}} form-url-encoded, for
 *       {@code /identify} and {@code /groupidentify}.
 * </ul>
 *
 * <p>Holds the API key; its {@code toString} never shows it. Immutable and thread-safe.
 */
public final class RequestBodies {
  private static final byte[] EVENTS_MIDDLE = ",\"events\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] IDENTIFICATION = "&identification=".getBytes(StandardCharsets.UTF_8);
  private static final int FORM_BRACKET = 3; // "[", "]" and "," each encode to %XX
  private static final byte[] FORM_COMMA = "%2C".getBytes(StandardCharsets.US_ASCII);

  private final byte[] eventsPrefix;
  private final byte[] eventsSuffix;
  private final byte[] formPrefix;
  private final byte[] formSuffix;

  private RequestBodies(String apiKey, Integer minIdLength) {
    byte[] quotedKey = JsonStringEncoder.getInstance().quoteAsUTF8(apiKey);
    ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    prefix.writeBytes("{\"api_key\":\"".getBytes(StandardCharsets.UTF_8));
    prefix.writeBytes(quotedKey);
    prefix.write('"');
    prefix.writeBytes(EVENTS_MIDDLE);
    this.eventsPrefix = prefix.toByteArray();
    String options = minIdLength == null ? "" : "{\"min_id_length\":" + minIdLength + "}";
    this.eventsSuffix =
        ("]" + (options.isEmpty() ? "" : ",\"options\":" + options) + "}").getBytes(StandardCharsets.UTF_8);

    ByteArrayOutputStream form = new ByteArrayOutputStream();
    form.writeBytes("api_key=".getBytes(StandardCharsets.UTF_8));
    FormEncoding.encode(apiKey.getBytes(StandardCharsets.UTF_8), form);
    form.writeBytes(IDENTIFICATION);
    FormEncoding.encode(new byte[] {'['}, form);
    this.formPrefix = form.toByteArray();
    ByteArrayOutputStream suffix = new ByteArrayOutputStream();
    FormEncoding.encode(new byte[] {']'}, suffix);
    if (!options.isEmpty()) {
      suffix.writeBytes("&options=".getBytes(StandardCharsets.UTF_8));
      FormEncoding.encode(options.getBytes(StandardCharsets.UTF_8), suffix);
    }
    this.formSuffix = suffix.toByteArray();
  }

  /**
   * Returns bodies for one API key.
   *
   * @param apiKey the project's API key
   * @param minIdLength the {@code options.min_id_length} to send, or null to send no options
   */
  public static RequestBodies create(String apiKey, Integer minIdLength) {
    Objects.requireNonNull(apiKey, "apiKey");
    if (minIdLength != null && minIdLength < 1) {
      throw new IllegalArgumentException("minIdLength must be at least 1, was " + minIdLength);
    }
    return new RequestBodies(apiKey, minIdLength);
  }

  /** Returns the exact size of an events body holding {@code count} records of {@code totalSize} bytes. */
  public long eventsSize(int count, long totalSize) {
    return eventsPrefix.length + totalSize + Math.max(0, count - 1) + eventsSuffix.length;
  }

  /** Returns the exact size of a form body holding {@code count} records of {@code totalFormSize} bytes. */
  public long formSize(int count, long totalFormSize) {
    return formPrefix.length + totalFormSize + (long) Math.max(0, count - 1) * FORM_BRACKET + formSuffix.length;
  }

  /** Assembles a JSON body for {@code /batch} or {@code /2/httpapi}. */
  public byte[] events(List<EncodedRecord> records) {
    long total = 0;
    for (EncodedRecord record : records) {
      total += record.size();
    }
    // The size is exact: write straight into the body, with no intermediate buffer to copy.
    byte[] body = new byte[Math.toIntExact(eventsSize(records.size(), total))];
    int at = put(eventsPrefix, body, 0);
    for (int i = 0; i < records.size(); i++) {
      if (i > 0) {
        body[at++] = ',';
      }
      at = put(records.get(i).bytes(), body, at);
    }
    put(eventsSuffix, body, at);
    return body;
  }

  /** Assembles a form body for {@code /identify} or {@code /groupidentify}. */
  public byte[] form(List<EncodedRecord> records) {
    long total = 0;
    for (EncodedRecord record : records) {
      total += record.formSize();
    }
    byte[] body = new byte[Math.toIntExact(formSize(records.size(), total))];
    int at = put(formPrefix, body, 0);
    for (int i = 0; i < records.size(); i++) {
      if (i > 0) {
        at = put(FORM_COMMA, body, at);
      }
      at = FormEncoding.encode(records.get(i).bytes(), body, at);
    }
    put(formSuffix, body, at);
    return body;
  }

  private static int put(byte[] bytes, byte[] body, int at) {
    System.arraycopy(bytes, 0, body, at, bytes.length);
    return at + bytes.length;
  }

  @Override
  public String toString() {
    return "RequestBodies{api_key=<redacted>}";
  }
}
