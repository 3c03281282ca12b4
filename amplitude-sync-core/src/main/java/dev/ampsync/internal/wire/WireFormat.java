package dev.ampsync.internal.wire;

import static dev.ampsync.internal.wire.JsonWrites.arrayFieldStart;
import static dev.ampsync.internal.wire.JsonWrites.epochMillis;
import static dev.ampsync.internal.wire.JsonWrites.objectFieldStart;
import static dev.ampsync.internal.wire.JsonWrites.writeFieldName;
import static dev.ampsync.internal.wire.JsonWrites.writeString;
import static dev.ampsync.internal.wire.JsonWrites.writeStringField;
import static dev.ampsync.internal.wire.JsonWrites.writeValue;
import static dev.ampsync.internal.wire.RecordEncoder.encode;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
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
import java.math.BigDecimal;
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
          writeStringField(out, WireNames.EVENT_TYPE, event.eventType());
          writeFields(out, event.fields());
          writeProperties(out, WireNames.EVENT_PROPERTIES, event.eventProperties());
          PropertyOperations userProperties = event.userProperties();
          if (isOnlySet(userProperties)) {
            writeProperties(out, WireNames.USER_PROPERTIES, userProperties.get(PropertyOperation.SET));
          } else {
            writeOperations(out, WireNames.USER_PROPERTIES, userProperties, false);
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
          writeStringField(out, WireNames.GROUP_TYPE, group.groupType());
          writeStringField(out, WireNames.GROUP_VALUE, group.groupValue());
          writeOperations(out, WireNames.GROUP_PROPERTIES, group.groupProperties(), true);
        });
  }

  /**
   * Encodes a group's properties as a {@code $groupidentify} event. Such an event needs an actor:
   * the group record's member user id when it has one, otherwise {@code actingDeviceId}.
   */
  public EncodedRecord groupIdentifyEvent(GroupRecord group, String actingDeviceId) {
    String userId = group.userId().orElse(null);
    if (userId == null) {
      // the acting device comes from the client's settings, not from the record the validator passed
      JsonWrites.checked(Objects.requireNonNull(actingDeviceId, "actingDeviceId (the group record has no user id)"));
    }
    return encode(
        group,
        out -> {
          writeIds(out, userId, userId == null ? actingDeviceId : null);
          writeStringField(out, WireNames.EVENT_TYPE, "$groupidentify");
          writeGroups(out, group.groups());
          writeOperations(out, WireNames.GROUP_PROPERTIES, group.groupProperties(), true);
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
          writeStringField(out, WireNames.USER_ID, userId);
          objectFieldStart(out, WireNames.USER_PROPERTIES);
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
      writeStringField(out, WireNames.EVENT_TYPE, eventType);
    }
    writeFields(out, record.fields());
    writeOperations(out, WireNames.USER_PROPERTIES, withGroupProperties(properties, record.groups()), false);
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
      writeStringField(out, WireNames.USER_ID, userId);
    }
    if (deviceId != null) {
      writeStringField(out, WireNames.DEVICE_ID, deviceId);
    }
  }

  private static void writeFields(JsonGenerator out, Map<AmplitudeField, Object> fields)
      throws IOException {
    for (Map.Entry<AmplitudeField, Object> entry : fields.entrySet()) {
      writeFieldName(out, WireNames.of(entry.getKey()));
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

  private static void writeProperties(JsonGenerator out, SerializableString name, Map<String, Object> properties)
      throws IOException {
    if (properties.isEmpty()) {
      return;
    }
    writeFieldName(out, name);
    writeValue(out, properties);
  }

  /** Writes an operations object; empty operations are omitted unless {@code always}. */
  private static void writeOperations(
      JsonGenerator out, SerializableString name, PropertyOperations operations, boolean always)
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
    objectFieldStart(out, WireNames.GROUPS);
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
}
