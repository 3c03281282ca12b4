package dev.ampsync.internal.wire;

import dev.ampsync.record.AmplitudeRecord;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One record encoded as one JSON object (an event, or an identification), with its sizes, so a
 * batcher can respect byte limits without encoding twice. Immutable.
 */
public final class EncodedRecord {
  private final AmplitudeRecord record;
  private final byte[] json;
  /** Computed on first use: only identifications are form-encoded. */
  private int formSize = -1;

  EncodedRecord(AmplitudeRecord record, byte[] json) {
    this.record = Objects.requireNonNull(record, "record");
    this.json = json;
  }

  /** Returns the record that was encoded. */
  public AmplitudeRecord record() {
    return record;
  }

  /** Returns the size of the UTF-8 JSON, in bytes. */
  public int size() {
    return json.length;
  }

  /** Returns the size of the JSON once form-url-encoded, in bytes (for /identify, /groupidentify). */
  public int formSize() {
    int size = formSize;
    if (size < 0) {
      size = FormEncoding.encodedLength(json);
      formSize = size; // benign race: every thread computes the same value
    }
    return size;
  }

  /** Returns the JSON as a string, for previews and tests. */
  public String json() {
    return new String(json, StandardCharsets.UTF_8);
  }

  byte[] bytes() {
    return json;
  }

  @Override
  public String toString() {
    return "EncodedRecord{" + json() + "}";
  }
}
