package dev.ampsync.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.ampsync.internal.util.Text;
import dev.ampsync.record.AmplitudeField;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.DeviceRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.IngestionMetadata;
import dev.ampsync.record.Plan;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Encodes records into the JSON objects Amplitude expects, with Jackson's streaming generator and no
 * object tree.
 *
 * <p>Forms:
 *
 * <ul>
 *   <li>{@link #event}: an event object for {@code /batch} and {@code /2/httpapi};
 *   <li>{@link #identification}: an identification for {@code /identify}, from a user or device;
 *   <li>{@link #groupIdentification}: an identification for {@code /groupidentify};
 *   <li>{@link #membership}: the identification that adds a group record's user to the group;
 *   <li>{@link #identifyEvent} and {@link #groupIdentifyEvent}: the {@code $identify} and {@code
 *       $groupidentify} event forms, for sending identifications through the event endpoints.
 * </ul>
 *
 * <p>Rules: Amplitude's exact key names; absent fields omitted; {@code time} as epoch milliseconds;
 * {@link BigDecimal} written plain (never {@code 1E+3}); floats written as floats (no widening
 * noise); event user properties that only {@code $set}, with no property name starting with {@code
 * $}, written as a plain object; {@code $unset} and {@code $clearAll} values written as Amplitude's placeholder {@code "-"};
 * UTF-8 output. Group memberships on identifications are mirrored as user properties ({@code
 * {"$set":{"company":"acme"}}}) unless the record already operates on that property, as Amplitude's
 * SDKs do. Thread-safe: each thread reuses one generator of its own.
 */
public final class WireFormat {
  static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build();
  private static final String PLACEHOLDER = "-";
  private static final WireFormat INSTANCE = new WireFormat();

  private WireFormat() {}

  /** Returns the encoder. */
  public static WireFormat get() {
    return INSTANCE;
  }

  /** Encodes an event for the event endpoints. */
  public EncodedRecord event(EventRecord event) {
    return encode(
        event,
        out -> {
          writeIds(out, event.userId().orElse(null), event.deviceId().orElse(null));
          writeStringField(out, "event_type", event.eventType());
          writeFields(out, event.fields());
          writeProperties(out, "event_properties", event.eventProperties());
          PropertyOperations userProperties = event.userProperties();
          if (isOnlySet(userProperties)) {
            writeProperties(out, "user_properties", userProperties.get(PropertyOperation.SET));
          } else {
            writeOperations(out, "user_properties", userProperties, false);
          }
          writeGroups(out, event.groups());
        });
  }

  /** Encodes a user or device as an identification for {@code /identify}. */
  public EncodedRecord identification(AmplitudeRecord userOrDevice) {
    return encode(userOrDevice, out -> writeIdentification(out, userOrDevice, null));
  }

  /** Encodes a user or device as a {@code $identify} event. */
  public EncodedRecord identifyEvent(AmplitudeRecord userOrDevice) {
    return encode(userOrDevice, out -> writeIdentification(out, userOrDevice, "$identify"));
  }

  /** Encodes a group's properties as an identification for {@code /groupidentify}. */
  public EncodedRecord groupIdentification(GroupRecord group) {
    return encode(
        group,
        out -> {
          writeStringField(out, "group_type", group.groupType());
          writeStringField(out, "group_value", group.groupValue());
          writeOperations(out, "group_properties", group.groupProperties(), true);
        });
  }

  /**
   * Encodes a group's properties as a {@code $groupidentify} event. Such an event needs an actor:
   * the group record's member user id when it has one, otherwise {@code actingDeviceId}.
   */
  public EncodedRecord groupIdentifyEvent(GroupRecord group, String actingDeviceId) {
    String userId = group.userId().orElse(null);
    if (userId == null) {
      Objects.requireNonNull(actingDeviceId, "actingDeviceId (the group record has no user id)");
    }
    return encode(
        group,
        out -> {
          writeIds(out, userId, userId == null ? actingDeviceId : null);
          writeStringField(out, "event_type", "$groupidentify");
          writeGroups(out, group.groups());
          writeOperations(out, "group_properties", group.groupProperties(), true);
        });
  }

  /**
   * Encodes the identification that adds a group record's user to its group: {@code groups} with the
   * group, and the group type as a user property. Null when the record has no user id.
   */
  public EncodedRecord membership(GroupRecord group) {
    String userId = group.userId().orElse(null);
    if (userId == null) {
      return null;
    }
    return encode(
        group,
        out -> {
          writeStringField(out, "user_id", userId);
          objectFieldStart(out, "user_properties");
          objectFieldStart(out, PropertyOperation.SET.wireName());
          writeStringField(out, group.groupType(), group.groupValue());
          out.writeEndObject();
          out.writeEndObject();
          writeGroups(out, group.groups());
        });
  }

  private void writeIdentification(JsonGenerator out, AmplitudeRecord record, String eventType)
      throws IOException {
    PropertyOperations properties;
    if (record instanceof UserRecord user) {
      properties = user.userProperties();
    } else if (record instanceof DeviceRecord device) {
      properties = device.userProperties();
    } else {
      throw new IllegalArgumentException("not a user or device record: " + record.objectType());
    }
    writeIds(out, record.userId().orElse(null), record.deviceId().orElse(null));
    if (eventType != null) {
      writeStringField(out, "event_type", eventType);
    }
    writeFields(out, record.fields());
    writeOperations(out, "user_properties", withGroupProperties(properties, record.groups()), false);
    writeGroups(out, record.groups());
  }

  private static PropertyOperations withGroupProperties(
      PropertyOperations properties, Map<String, List<String>> groups) {
    if (groups.isEmpty() || properties.clearsAll()) {
      return properties;
    }
    PropertyOperations.Builder merged = null;
    for (Map.Entry<String, List<String>> group : groups.entrySet()) {
      if (properties.operationOf(group.getKey()).isEmpty()) {
        if (merged == null) {
          merged = properties.toBuilder();
        }
        List<String> values = group.getValue();
        merged.set(group.getKey(), values.size() == 1 ? values.get(0) : values);
      }
    }
    return merged == null ? properties : merged.build();
  }

  /**
   * Tells whether user properties may go as a plain object: only {@code $set}, and no property name
   * that Amplitude would read as an operation ({@code $add}, ...).
   */
  private static boolean isOnlySet(PropertyOperations operations) {
    if (operations.operations().size() != 1 || !operations.operations().contains(PropertyOperation.SET)) {
      return false;
    }
    for (String name : operations.get(PropertyOperation.SET).keySet()) {
      if (name.startsWith("$")) {
        return false;
      }
    }
    return true;
  }

  private static void writeIds(JsonGenerator out, String userId, String deviceId) throws IOException {
    if (userId != null) {
      writeStringField(out, "user_id", userId);
    }
    if (deviceId != null) {
      writeStringField(out, "device_id", deviceId);
    }
  }

  private static void writeFields(JsonGenerator out, Map<AmplitudeField, Object> fields)
      throws IOException {
    for (Map.Entry<AmplitudeField, Object> entry : fields.entrySet()) {
      writeFieldName(out, entry.getKey().wireName());
      Object value = entry.getValue();
      switch (entry.getKey().kind()) {
        case TIME -> out.writeNumber(epochMillis((Instant) value));
        case PLAN -> {
          Plan plan = (Plan) value;
          out.writeStartObject();
          writeOptionalString(out, "branch", plan.branch());
          writeOptionalString(out, "source", plan.source());
          writeOptionalString(out, "version", plan.version());
          writeOptionalString(out, "versionId", plan.versionId());
          out.writeEndObject();
        }
        case INGESTION_METADATA -> {
          IngestionMetadata metadata = (IngestionMetadata) value;
          out.writeStartObject();
          writeOptionalString(out, "source_name", metadata.sourceName());
          writeOptionalString(out, "source_version", metadata.sourceVersion());
          out.writeEndObject();
        }
        default -> writeValue(out, value);
      }
    }
  }

  private static void writeOptionalString(JsonGenerator out, String name, String value)
      throws IOException {
    if (value != null) {
      writeStringField(out, name, value);
    }
  }

  private static void writeProperties(JsonGenerator out, String name, Map<String, Object> properties)
      throws IOException {
    if (properties.isEmpty()) {
      return;
    }
    writeFieldName(out, name);
    writeValue(out, properties);
  }

  /** Writes an operations object; empty operations are omitted unless {@code always}. */
  private static void writeOperations(
      JsonGenerator out, String name, PropertyOperations operations, boolean always)
      throws IOException {
    if (operations.isEmpty() && !always) {
      return;
    }
    objectFieldStart(out, name);
    for (PropertyOperation op : operations.operations()) {
      if (op == PropertyOperation.CLEAR_ALL) {
        writeStringField(out, op.wireName(), PLACEHOLDER);
        continue;
      }
      objectFieldStart(out, op.wireName());
      for (Map.Entry<String, Object> entry : operations.get(op).entrySet()) {
        writeFieldName(out, entry.getKey());
        if (op == PropertyOperation.UNSET) {
          out.writeString(PLACEHOLDER);
        } else {
          writeValue(out, entry.getValue());
        }
      }
      out.writeEndObject();
    }
    out.writeEndObject();
  }

  private static void writeGroups(JsonGenerator out, Map<String, List<String>> groups)
      throws IOException {
    if (groups.isEmpty()) {
      return;
    }
    objectFieldStart(out, "groups");
    for (Map.Entry<String, List<String>> group : groups.entrySet()) {
      List<String> values = group.getValue();
      if (values.size() == 1) {
        writeStringField(out, group.getKey(), values.get(0));
      } else {
        arrayFieldStart(out, group.getKey());
        for (String value : values) {
          writeString(out, value);
        }
        out.writeEndArray();
      }
    }
    out.writeEndObject();
  }

  private static void writeValue(JsonGenerator out, Object value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof String s) {
      writeString(out, s);
    } else if (value instanceof Boolean b) {
      out.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      out.writeNumber(((Number) value).intValue());
    } else if (value instanceof Long l) {
      out.writeNumber(l);
    } else if (value instanceof BigDecimal d) {
      out.writeNumber(d);
    } else if (value instanceof BigInteger i) {
      out.writeNumber(i);
    } else if (value instanceof Double d) {
      requireFinite(Double.isFinite(d), d);
      out.writeNumber(d);
    } else if (value instanceof Float f) {
      requireFinite(Float.isFinite(f), f);
      out.writeNumber(f);
    } else if (value instanceof Map<?, ?> map) {
      out.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        writeFieldName(out, (String) entry.getKey());
        writeValue(out, entry.getValue());
      }
      out.writeEndObject();
    } else if (value instanceof List<?> list) {
      out.writeStartArray();
      for (Object element : list) {
        writeValue(out, element);
      }
      out.writeEndArray();
    } else {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getName());
    }
  }

  private static String checked(String text) {
    if (Text.hasUnpairedSurrogate(text)) {
      throw new IllegalArgumentException(
          "'" + Text.abbreviate(text) + "' has an unpaired UTF-16 surrogate; validate records first");
    }
    return text;
  }

  private static void writeString(JsonGenerator out, String text) throws IOException {
    out.writeString(checked(text));
  }

  private static void writeFieldName(JsonGenerator out, String name) throws IOException {
    out.writeFieldName(checked(name));
  }

  private static void writeStringField(JsonGenerator out, String name, String text)
      throws IOException {
    out.writeFieldName(checked(name));
    out.writeString(checked(text));
  }

  private static void objectFieldStart(JsonGenerator out, String name) throws IOException {
    out.writeFieldName(checked(name));
    out.writeStartObject();
  }

  private static void arrayFieldStart(JsonGenerator out, String name) throws IOException {
    out.writeFieldName(checked(name));
    out.writeStartArray();
  }

  private static long epochMillis(Instant time) {
    try {
      return time.toEpochMilli();
    } catch (ArithmeticException overflow) {
      throw new IllegalArgumentException(
          "time " + time + " cannot be written as epoch milliseconds; validate records first");
    }
  }

  private static void requireFinite(boolean finite, Number value) {
    if (!finite) {
      throw new IllegalArgumentException(value + " cannot be encoded as JSON; validate records first");
    }
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator out) throws IOException;
  }

  private static EncodedRecord encode(AmplitudeRecord record, Body body) {
    Encoder encoder = ENCODERS.get();
    if (encoder.busy) {
      return encodeAlone(record, body); // re-entered on this thread (not done today): no sharing
    }
    encoder.busy = true;
    try {
      return encoder.encode(record, body);
    } finally {
      encoder.busy = false;
    }
  }

  /** Encodes with a generator of its own: the way every record was once encoded. */
  private static EncodedRecord encodeAlone(AmplitudeRecord record, Body body) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(512);
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      out.writeStartObject();
      body.write(out);
      out.writeEndObject();
    } catch (com.fasterxml.jackson.core.JsonGenerationException e) {
      throw unencodable(record, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EncodedRecord(record, bytes.toByteArray());
  }

  private static IllegalArgumentException unencodable(
      AmplitudeRecord record, com.fasterxml.jackson.core.JsonGenerationException e) {
    return new IllegalArgumentException(
        "cannot encode " + record.objectType().specName() + " record: " + e.getOriginalMessage(), e);
  }

  private static final ThreadLocal<Encoder> ENCODERS = ThreadLocal.withInitial(Encoder::new);

  /**
   * One thread's generator and output buffer, reused record after record: creating a Jackson
   * generator per record costs more than writing a small record. Each record is written as one more
   * root-level value with no separator, flushed, and taken out of the buffer; after any failure the
   * generator, whose state is then unknown, is dropped and the next record gets a new one.
   */
  private static final class Encoder {
    /** Buffers at most this much between records; a larger buffer left by a huge record is dropped. */
    private static final int KEEP = 64 * 1024;

    private final Output output = new Output();
    private JsonGenerator out;
    boolean busy;

    EncodedRecord encode(AmplitudeRecord record, Body body) {
      boolean done = false;
      try {
        JsonGenerator generator = out;
        if (generator == null) {
          generator = JSON.createGenerator(output);
          generator.setRootValueSeparator(null);
          out = generator;
        }
        generator.writeStartObject();
        body.write(generator);
        generator.writeEndObject();
        generator.flush();
        EncodedRecord encoded = new EncodedRecord(record, output.take(KEEP));
        done = true;
        return encoded;
      } catch (com.fasterxml.jackson.core.JsonGenerationException e) {
        throw unencodable(record, e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        if (!done) {
          drop();
        }
      }
    }

    private void drop() {
      JsonGenerator generator = out;
      out = null;
      if (generator != null) {
        try {
          generator.close(); // returns its buffers; whatever it writes now is discarded below
        } catch (IOException | RuntimeException ignored) {
          // it is being dropped anyway
        }
      }
      output.discard(KEEP);
    }
  }

  /** An unsynchronized growable byte sink (the generator flushes into it in large chunks). */
  private static final class Output extends java.io.OutputStream {
    private byte[] buffer = new byte[1024];
    private int length;

    @Override
    public void write(int b) {
      ensure(1);
      buffer[length++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int count) {
      ensure(count);
      System.arraycopy(bytes, offset, buffer, length, count);
      length += count;
    }

    private void ensure(int more) {
      int needed = length + more;
      if (needed > buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
      }
    }

    /** Returns what was written since the last call, and empties the sink. */
    byte[] take(int keep) {
      byte[] bytes = java.util.Arrays.copyOf(buffer, length);
      discard(keep);
      return bytes;
    }

    void discard(int keep) {
      length = 0;
      if (buffer.length > keep) {
        buffer = new byte[1024];
      }
    }
  }
}
