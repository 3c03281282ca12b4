package dev.ampsync.internal.engine;

import dev.ampsync.internal.engine.CompiledMapping.FieldSlot;
import dev.ampsync.internal.engine.CompiledMapping.GroupSlot;
import dev.ampsync.internal.engine.CompiledMapping.PropertySlot;
import dev.ampsync.internal.util.FrozenMap;
import dev.ampsync.mapping.Nulls;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.DeviceRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.SharedFieldsBuilder;
import dev.ampsync.record.UserRecord;
import dev.ampsync.source.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles the record of one row from a compiled declarative mapping, by the documented value rules
 * ({@link Conversions}); an event's insert id comes from {@link RowKeys}.
 */
final class RecordAssembler {
  private final CompiledMapping compiled;
  private final RowKeys keys;
  private final JsonProperties json;
  private final boolean unsetNulls;

  RecordAssembler(CompiledMapping compiled, RowKeys keys) {
    this.compiled = compiled;
    this.keys = keys;
    this.json = new JsonProperties(compiled.json);
    this.unsetNulls = compiled.mapping.nulls() == Nulls.UNSET;
  }

  /**
   * Assembles a row's record.
   *
   * @param knownKey what {@link RowKeys#keyOf} returned for this row, or null: an event reuses it as
   *     its insert id, so that a derived one (a SHA-256) is not computed twice
   * @throws RowException naming the column when the row cannot become a record
   */
  AmplitudeRecord assemble(Row row, String knownKey) throws RowException {
    return switch (compiled.mapping.objectType()) {
      case USER -> user(row);
      case DEVICE -> device(row);
      case GROUP -> group(row);
      case EVENT -> event(row, knownKey);
    };
  }

  private UserRecord user(Row row) throws RowException {
    String userId = Slot.requiredId(compiled.userId, "user_id", row);
    UserRecord.Builder builder = UserRecord.builder(userId).deviceId(Slot.id(compiled.deviceId, row));
    fields(row, builder);
    groups(row, builder);
    return builder.userProperties(operations(row, compiled.properties, true)).build();
  }

  private DeviceRecord device(Row row) throws RowException {
    String deviceId = Slot.requiredId(compiled.deviceId, "device_id", row);
    DeviceRecord.Builder builder = DeviceRecord.builder(deviceId).userId(Slot.id(compiled.userId, row));
    fields(row, builder);
    groups(row, builder);
    return builder.userProperties(operations(row, compiled.properties, true)).build();
  }

  private GroupRecord group(Row row) throws RowException {
    GroupRecord.Builder builder =
        GroupRecord.builder(
                Slot.requiredId(compiled.groupType, "group_type", row),
                Slot.requiredId(compiled.groupValue, "group_value", row))
            .userId(Slot.id(compiled.userId, row));
    return builder.groupProperties(operations(row, compiled.properties, true)).build();
  }

  private EventRecord event(Row row, String knownKey) throws RowException {
    String eventType = Slot.requiredId(compiled.eventType, "event_type", row);
    String userId = Slot.id(compiled.userId, row);
    String deviceId = Slot.id(compiled.deviceId, row);
    if (userId == null && deviceId == null) {
      String sources = describe("user_id") + (compiled.deviceId != null ? " and " + describe("device_id") : "");
      throw new RowException("user_id and device_id are both NULL (" + sources + "); an event needs one");
    }
    EventRecord.Builder builder = EventRecord.builder(eventType).userId(userId).deviceId(deviceId);
    Instant time = Slot.time(compiled.time, row);
    if (time != null) {
      builder.time(time);
    } else if (compiled.time != null) {
      // Amplitude would stamp the event with the moment it arrives: a historical event would move to
      // the day of the sync. Only time: {now: true} asks for that.
      throw new RowException("time is NULL (" + compiled.time.describe
          + "); an event needs the time it happened (map time: {now: true} to stamp events on arrival)");
    }
    builder.insertId(
        knownKey != null ? knownKey : keys.insertId(Slot.id(compiled.insertId, row), eventType, userId, deviceId, time));
    fields(row, builder);
    groups(row, builder);
    builder.eventProperties(eventProperties(row));
    return builder.userProperties(operations(row, compiled.userProperties, false)).build();
  }

  private String describe(String identifier) {
    return compiled.mapping.identifier(identifier).map(Value::describe).orElse("not mapped");
  }

  /** The JSON column's non-null keys, then the mapped properties (a NULL one removes its key). */
  private Map<String, Object> eventProperties(Row row) throws RowException {
    FrozenMap expanded = json.of(row);
    if (compiled.properties.length == 0 && !expanded.containsValue(null)) {
      return expanded; // immutable: the record shares it
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : expanded.entrySet()) {
      if (entry.getValue() != null) {
        properties.put(entry.getKey(), entry.getValue());
      }
    }
    for (PropertySlot property : compiled.properties) {
      Object value = propertyValue(row, property);
      if (value != null) {
        properties.put(property.name(), value);
      } else {
        properties.remove(property.name());
      }
    }
    return properties;
  }

  private PropertyOperations operations(Row row, PropertySlot[] mappings, boolean withJson) throws RowException {
    if (mappings.length == 0 && !withJson) {
      return PropertyOperations.empty(); // nothing mapped there (an event without user properties)
    }
    PropertyOperations.Builder ops = PropertyOperations.builder();
    for (PropertySlot property : mappings) {
      Object value = propertyValue(row, property);
      if (value != null) {
        ops.put(property.operation(), property.name(), value);
      } else if (unsetNulls) {
        ops.unset(property.name());
      }
    }
    if (withJson) {
      for (Map.Entry<String, Object> entry : json.of(row).entrySet()) {
        if (compiled.explicitNames.contains(entry.getKey())) {
          continue;
        }
        if (entry.getValue() != null) {
          ops.set(entry.getKey(), entry.getValue());
        } else if (unsetNulls) {
          ops.unset(entry.getKey());
        }
      }
    }
    return ops.build();
  }

  private static Object propertyValue(Row row, PropertySlot property) throws RowException {
    Slot slot = property.slot();
    return Conversions.property(slot.read(row), slot.type, slot.what);
  }

  private <B extends SharedFieldsBuilder<B>> void fields(Row row, B builder) throws RowException {
    for (FieldSlot entry : compiled.fields) {
      Object raw = entry.slot().read(row);
      if (raw != null) {
        builder.field(entry.field(), Conversions.field(entry.field(), raw, entry.slot().what));
      }
    }
  }

  private <B extends SharedFieldsBuilder<B>> void groups(Row row, B builder) throws RowException {
    for (GroupSlot group : compiled.groups) {
      Object raw = group.slot().read(row);
      if (raw == null) {
        continue;
      }
      List<String> values = new ArrayList<>();
      if (raw instanceof Collection<?> || raw instanceof Object[]) {
        Collection<?> elements = raw instanceof Object[] array ? Arrays.asList(array) : (Collection<?>) raw;
        for (Object element : elements) {
          if (element != null) {
            values.add(Conversions.id(element, group.slot().what));
          }
        }
      } else {
        values.add(Conversions.id(raw, group.slot().what));
      }
      builder.group(group.type(), values);
    }
  }
}
