package dev.ampsync.internal.engine;

import dev.ampsync.ObjectType;
import dev.ampsync.internal.util.Text;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Nulls;
import dev.ampsync.mapping.PropertyMapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.AmplitudeField;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.DeviceRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.IngestionMetadata;
import dev.ampsync.record.Plan;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.SharedFieldsBuilder;
import dev.ampsync.record.UserRecord;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.Columns;
import dev.ampsync.source.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mapping compiled against a stream's columns: checks once that every mapped column exists, then
 * turns rows into records by the documented value rules.
 */
public final class RowMapper {
  /** What became of one row. */
  public record Mapped(AmplitudeRecord record, String key, String invalidReason) {
    static Mapped invalid(String key, String reason) {
      return new Mapped(null, key, reason);
    }

    /** Tells whether the row was skipped by a row function (null record, no reason). */
    public boolean skipped() {
      return record == null && invalidReason == null;
    }
  }

  private final Mapping mapping;
  private final String syncName;
  private final Columns columns;

  /**
   * Compiles a mapping.
   *
   * @throws IllegalArgumentException naming the mapping key and the missing column, with the
   *     columns the source has
   */
  public RowMapper(Mapping mapping, List<Column> columns, String syncName) {
    this.mapping = mapping;
    this.syncName = syncName;
    this.columns = Columns.of(columns);
    if (mapping.function().isEmpty()) {
      checkColumns();
    }
  }

  private void checkColumns() {
    mapping.identifiers().forEach((name, value) -> check("mapping." + name, value));
    mapping.fields().forEach((field, value) -> check("mapping.fields." + field.wireName(), value));
    mapping.properties().forEach(p -> check("mapping.properties." + p.name(), p.value()));
    mapping.userProperties().forEach(p -> check("mapping.user_properties." + p.name(), p.value()));
    mapping.groups().forEach((type, value) -> check("mapping.groups." + type, value));
    mapping.propertiesJson().ifPresent(json -> check("mapping.properties_json", Value.column(json)));
  }

  private void check(String key, Value value) {
    String label = value.column().orElse(null);
    if (label != null && columns.indexOf(label) < 0) {
      List<String> labels = new ArrayList<>();
      columns.list().forEach(c -> labels.add(c.label()));
      throw new IllegalArgumentException(
          key + " names column '" + label + "', which the source does not return; its columns are: "
              + String.join(", ", labels));
    }
  }

  /**
   * Returns the column that feeds an Amplitude field path named in a violation ({@code user_id},
   * {@code event_properties.cart.items[2]}, {@code user_properties.$set.plan}, {@code groups.company}).
   *
   * @return a description such as {@code column 'plan'}, or null when no column feeds it
   */
  public String sourceOf(String fieldPath) {
    int dot = fieldPath.indexOf('.');
    String head = (dot < 0 ? fieldPath : fieldPath.substring(0, dot)).replaceAll("\\[.*", "");
    String rest = dot < 0 ? "" : fieldPath.substring(dot + 1);
    Value value = mapping.identifiers().get(head);
    if (value == null) {
      value = AmplitudeField.fromWireName(head).map(mapping.fields()::get).orElse(null);
    }
    if (value != null) {
      return value.describe();
    }
    switch (head) {
      case "event_properties", "group_properties" -> value = property(mapping.properties(), rest);
      case "user_properties" -> {
        // user_properties.$op.NAME on identifications and events; user_properties.NAME otherwise
        String name = rest.startsWith("$") && rest.indexOf('.') > 0 ? rest.substring(rest.indexOf('.') + 1) : rest;
        value = property(mapping.objectType() == ObjectType.EVENT ? mapping.userProperties() : mapping.properties(), name);
      }
      case "groups" -> {
        if (rest.isEmpty()) {
          return describeAll(mapping.groups().values());
        }
        for (Map.Entry<String, Value> group : mapping.groups().entrySet()) {
          if (matches(rest, group.getKey())) {
            value = group.getValue();
          }
        }
      }
      default -> { }
    }
    if (value == null && !head.equals("groups") && mapping.propertiesJson().isPresent()
        && (head.endsWith("properties"))) {
      value = Value.column(mapping.propertiesJson().get());
    }
    if (value == null && rest.isEmpty() && head.equals("group_properties")) {
      List<Value> all = new ArrayList<>();
      mapping.properties().forEach(p -> all.add(p.value()));
      return all.isEmpty() ? null : describeAll(all);
    }
    return value == null ? null : value.describe();
  }

  /** Finds the mapped property a violation path starts with (names may hold dots; long ones are abbreviated). */
  private static Value property(List<PropertyMapping> properties, String path) {
    Value best = null;
    int bestLength = -1;
    for (PropertyMapping property : properties) {
      for (String name : List.of(property.name(), Text.abbreviate(property.name()))) {
        if (matches(path, name) && name.length() > bestLength) {
          best = property.value();
          bestLength = name.length();
        }
      }
    }
    return best;
  }

  private static boolean matches(String path, String name) {
    return path.equals(name) || path.startsWith(name + ".") || path.startsWith(name + "[");
  }

  private static String describeAll(java.util.Collection<Value> values) {
    List<String> described = new ArrayList<>();
    values.forEach(v -> described.add(v.describe()));
    return described.isEmpty() ? null : String.join(", ", described);
  }

  /** Maps one row; never throws for bad data. */
  public Mapped map(Row row) {
    if (mapping.function().isPresent()) {
      return custom(row);
    }
    try {
      AmplitudeRecord record =
          switch (mapping.objectType()) {
            case USER -> user(row);
            case DEVICE -> device(row);
            case GROUP -> group(row);
            case EVENT -> event(row);
          };
      return new Mapped(record, Keys.of(record), null);
    } catch (RowException e) {
      return Mapped.invalid(bestKey(row), e.getMessage());
    } catch (RuntimeException e) {
      // A bad row never stops a run, whatever went wrong with it.
      return Mapped.invalid(bestKey(row), e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private Mapped custom(Row row) {
    AmplitudeRecord record;
    try {
      record = mapping.function().get().map(row);
    } catch (Exception e) {
      return Mapped.invalid(null, "row function failed: " + e);
    }
    if (record == null) {
      return new Mapped(null, null, null);
    }
    if (record.objectType() != mapping.objectType()) {
      return Mapped.invalid(
          null,
          "row function returned a " + record.objectType().specName() + " record in a "
              + mapping.objectType().specName() + " sync");
    }
    try {
      if (record instanceof EventRecord event) {
        record = Keys.withInsertId(syncName, event);
      }
      return new Mapped(record, Keys.of(record), null);
    } catch (RuntimeException e) {
      return Mapped.invalid(null, "row function returned an unusable record: " + e);
    }
  }

  private UserRecord user(Row row) throws RowException {
    String userId = requiredId(row, "user_id");
    UserRecord.Builder builder = UserRecord.builder(userId).deviceId(optionalId(row, "device_id"));
    fields(row, builder);
    groups(row, builder);
    return builder.userProperties(operations(row, mapping.properties(), true)).build();
  }

  private DeviceRecord device(Row row) throws RowException {
    String deviceId = requiredId(row, "device_id");
    DeviceRecord.Builder builder = DeviceRecord.builder(deviceId).userId(optionalId(row, "user_id"));
    fields(row, builder);
    groups(row, builder);
    return builder.userProperties(operations(row, mapping.properties(), true)).build();
  }

  private GroupRecord group(Row row) throws RowException {
    GroupRecord.Builder builder =
        GroupRecord.builder(requiredId(row, "group_type"), requiredId(row, "group_value"))
            .userId(optionalId(row, "user_id"));
    return builder.groupProperties(operations(row, mapping.properties(), true)).build();
  }

  private EventRecord event(Row row) throws RowException {
    String eventType = requiredId(row, "event_type");
    String userId = optionalId(row, "user_id");
    String deviceId = optionalId(row, "device_id");
    if (userId == null && deviceId == null) {
      String sources = describe("user_id") + (mapping.identifier("device_id").isPresent() ? " and " + describe("device_id") : "");
      throw new RowException("user_id and device_id are both NULL (" + sources + "); an event needs one");
    }
    EventRecord.Builder builder = EventRecord.builder(eventType).userId(userId).deviceId(deviceId);
    Value timeValue = mapping.identifier("time").orElse(null);
    Instant time = null;
    if (timeValue != null) {
      Object raw = resolve(row, timeValue);
      if (raw != null) {
        time = Conversions.time(raw, "time (" + timeValue.describe() + ")");
        builder.time(time);
      }
    }
    String insertId = optionalId(row, "insert_id");
    builder.insertId(insertId != null ? insertId : Keys.insertId(syncName, eventType, userId, deviceId, time));
    fields(row, builder);
    groups(row, builder);
    Map<String, Object> properties = new LinkedHashMap<>();
    Map<String, Object> json = jsonProperties(row);
    for (Map.Entry<String, Object> entry : json.entrySet()) {
      if (entry.getValue() != null) {
        properties.put(entry.getKey(), entry.getValue());
      }
    }
    for (PropertyMapping property : mapping.properties()) {
      Object value = propertyValue(row, property);
      if (value != null) {
        properties.put(property.name(), value);
      } else {
        properties.remove(property.name());
      }
    }
    builder.eventProperties(properties);
    return builder.userProperties(operations(row, mapping.userProperties(), false)).build();
  }

  private PropertyOperations operations(Row row, List<PropertyMapping> mappings, boolean withJson)
      throws RowException {
    PropertyOperations.Builder ops = PropertyOperations.builder();
    List<String> explicit = new ArrayList<>();
    for (PropertyMapping property : mappings) {
      explicit.add(property.name());
      Object value = propertyValue(row, property);
      if (value != null) {
        ops.put(property.operation(), property.name(), value);
      } else if (mapping.nulls() == Nulls.UNSET) {
        ops.unset(property.name());
      }
    }
    if (withJson) {
      for (Map.Entry<String, Object> entry : jsonProperties(row).entrySet()) {
        if (explicit.contains(entry.getKey())) {
          continue;
        }
        if (entry.getValue() != null) {
          ops.set(entry.getKey(), entry.getValue());
        } else if (mapping.nulls() == Nulls.UNSET) {
          ops.unset(entry.getKey());
        }
      }
    }
    return ops.build();
  }

  private Map<String, Object> jsonProperties(Row row) throws RowException {
    if (mapping.propertiesJson().isEmpty()) {
      return Map.of();
    }
    String label = mapping.propertiesJson().get();
    Object raw = row.get(label);
    if (raw == null) {
      return Map.of();
    }
    Map<String, Object> object = Conversions.jsonObject(raw, "column '" + label + "' (properties_json)");
    Map<String, Object> converted = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : object.entrySet()) {
      converted.put(entry.getKey(), Conversions.property(entry.getValue(), ColumnType.OTHER, "column '" + label + "' key '" + entry.getKey() + "'"));
    }
    return converted;
  }

  private Object propertyValue(Row row, PropertyMapping property) throws RowException {
    Value value = property.value();
    Object raw = resolve(row, value);
    ColumnType type = value.column().flatMap(row::column).map(Column::type).orElse(ColumnType.OTHER);
    return Conversions.property(raw, type, value.describe() + " (property '" + property.name() + "')");
  }

  private <B extends SharedFieldsBuilder<B>> void fields(Row row, B builder) throws RowException {
    for (Map.Entry<AmplitudeField, Value> entry : mapping.fields().entrySet()) {
      AmplitudeField field = entry.getKey();
      Object raw = resolve(row, entry.getValue());
      if (raw == null) {
        continue;
      }
      String what = entry.getValue().describe() + " (" + field.wireName() + ")";
      builder.field(field, fieldValue(field, raw, what));
    }
  }

  private static Object fieldValue(AmplitudeField field, Object raw, String what) throws RowException {
    switch (field.kind()) {
      case STRING:
        if (raw instanceof String || raw instanceof Number || raw instanceof Boolean || raw instanceof java.util.UUID) {
          return raw instanceof BigDecimal decimal ? decimal.toPlainString() : raw.toString();
        }
        break;
      case DECIMAL:
        if (raw instanceof Number) {
          return raw;
        }
        if (raw instanceof String text) {
          try {
            return new BigDecimal(text.trim());
          } catch (NumberFormatException e) {
            throw new RowException(what + " is not a number: '" + text + "'");
          }
        }
        break;
      case INTEGER:
        if (raw instanceof String text && text.trim().matches("-?\\d+")) {
          try {
            return Long.parseLong(text.trim());
          } catch (NumberFormatException tooLarge) {
            throw new RowException(what + " must be a whole number within the range of long, got '" + Text.abbreviate(text) + "'");
          }
        }
        if (raw instanceof Number) {
          try {
            return field.coerce(raw);
          } catch (IllegalArgumentException notWhole) {
            throw new RowException(what + " must be a whole number, got " + Conversions.describe(raw));
          }
        }
        break;
      case BOOLEAN:
        if (raw instanceof Boolean) {
          return raw;
        }
        if (raw instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
          return Boolean.parseBoolean(text);
        }
        if (raw instanceof Number number && (number.intValue() == 0 || number.intValue() == 1)) {
          return number.intValue() == 1;
        }
        break;
      case TIME:
        return Conversions.time(raw, what);
      case PLAN:
        if (raw instanceof Map<?, ?> map) {
          return new Plan(text(map, "branch"), text(map, "source"), text(map, "version"), text(map, "versionId"));
        }
        break;
      case INGESTION_METADATA:
        if (raw instanceof Map<?, ?> map) {
          return new IngestionMetadata(text(map, "source_name"), text(map, "source_version"));
        }
        break;
      default:
        break;
    }
    throw new RowException(what + " cannot take " + Conversions.describe(raw));
  }

  private static String text(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value == null ? null : value.toString();
  }

  private <B extends SharedFieldsBuilder<B>> void groups(Row row, B builder) throws RowException {
    for (Map.Entry<String, Value> entry : mapping.groups().entrySet()) {
      Object raw = resolve(row, entry.getValue());
      if (raw == null) {
        continue;
      }
      String what = entry.getValue().describe() + " (groups." + entry.getKey() + ")";
      List<String> values = new ArrayList<>();
      if (raw instanceof Collection<?> || raw instanceof Object[]) {
        Collection<?> elements = raw instanceof Object[] array ? List.of(array) : (Collection<?>) raw;
        for (Object element : elements) {
          if (element != null) {
            values.add(Conversions.id(element, what));
          }
        }
      } else {
        values.add(Conversions.id(raw, what));
      }
      builder.group(entry.getKey(), values);
    }
  }

  private String requiredId(Row row, String name) throws RowException {
    String id = optionalId(row, name);
    if (id == null) {
      throw new RowException(name + " is NULL (" + describe(name) + ")");
    }
    return id;
  }

  private String optionalId(Row row, String name) throws RowException {
    Value value = mapping.identifier(name).orElse(null);
    if (value == null) {
      return null;
    }
    Object raw = resolve(row, value);
    return raw == null ? null : Conversions.id(raw, name + " (" + value.describe() + ")");
  }

  private String describe(String identifier) {
    return mapping.identifier(identifier).map(Value::describe).orElse("not mapped");
  }

  private static Object resolve(Row row, Value value) {
    return value.constant().isPresent() ? value.constant().get() : row.get(value.column().get());
  }

  private String bestKey(Row row) {
    String name =
        switch (mapping.objectType()) {
          case USER -> "user_id";
          case DEVICE -> "device_id";
          case GROUP -> "group_value";
          case EVENT -> mapping.identifier("insert_id").isPresent() ? "insert_id" : "user_id";
        };
    try {
      return optionalId(row, name);
    } catch (RowException unreadable) {
      return null;
    }
  }
}
