package dev.ampsync.internal.engine;

import dev.ampsync.record.ObjectType;
import dev.ampsync.internal.util.FrozenMap;
import dev.ampsync.internal.util.PropertyValues;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
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
  /** The mapping resolved against the columns; null for a custom (row function) mapping. */
  private final Compiled compiled;

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
      this.compiled = new Compiled(mapping, this.columns);
    } else {
      this.compiled = null;
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
    return map(row, null);
  }

  /**
   * Maps one row whose {@link #keyOf} is already known, so that an event's derived insert id (a
   * SHA-256) is not computed twice; never throws for bad data.
   *
   * @param key what {@link #keyOf} returned for this row, or null
   */
  public Mapped map(Row row, String key) {
    if (mapping.function().isPresent()) {
      return custom(row);
    }
    try {
      AmplitudeRecord record =
          switch (mapping.objectType()) {
            case USER -> user(row);
            case DEVICE -> device(row);
            case GROUP -> group(row);
            case EVENT -> event(row, key);
          };
      return new Mapped(record, Keys.of(record), null);
    } catch (RowException e) {
      return Mapped.invalid(bestKey(row), e.getMessage());
    } catch (RuntimeException e) {
      // A bad row never stops a run, whatever went wrong with it.
      return Mapped.invalid(bestKey(row), e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /**
   * Returns the key the row's record would have (see {@link Keys#of}), reading only the identifier
   * columns: what the state is consulted with before a row is mapped in full.
   *
   * @return the key, or null when the row is custom-mapped or its identifiers cannot make one (the
   *     full mapping then says why)
   */
  public String keyOf(Row row) {
    if (compiled == null) {
      return null;
    }
    try {
      return switch (mapping.objectType()) {
        case USER -> optional(compiled.userId, row);
        case DEVICE -> optional(compiled.deviceId, row);
        case GROUP -> {
          String type = optional(compiled.groupType, row);
          String value = optional(compiled.groupValue, row);
          String user = optional(compiled.userId, row);
          yield type == null || value == null ? null
              : type + Keys.GROUP_SEPARATOR + value + (user == null ? "" : Keys.GROUP_SEPARATOR + user);
        }
        case EVENT -> {
          String insertId = optional(compiled.insertId, row);
          if (insertId != null) {
            yield insertId;
          }
          String eventType = optional(compiled.eventType, row);
          String userId = optional(compiled.userId, row);
          String deviceId = optional(compiled.deviceId, row);
          Object rawTime = compiled.time == null ? null : compiled.time.read(row);
          Instant time = rawTime == null ? null : Conversions.time(rawTime, compiled.time.what);
          yield eventType == null || userId == null && deviceId == null ? null
              : Keys.insertId(syncName, eventType, userId, deviceId, time);
        }
      };
    } catch (RowException | RuntimeException unreadable) {
      return null;
    }
  }

  /** Tells whether rows have a {@link #digest}: not when a row function maps them. */
  public boolean hasDigest() {
    return compiled != null;
  }

  /**
   * Returns a 64-bit digest of the values of every column the mapping reads, stable across runs and
   * JVMs: a row whose digest equals the one stored with its key last time maps to the same record, so
   * it need not be mapped, validated or compared again (the mapping's own fingerprint is checked
   * once per run). The digest is a hash: two different rows share it with probability 2⁻⁶⁴.
   *
   * @return the digest; 0 for a custom-mapped row, which has none
   */
  public long digest(Row row) {
    if (compiled == null) {
      return 0;
    }
    long h = compiled.digestSeed;
    for (int index : compiled.readColumns) {
      h = RowDigest.value(h, row.get(index));
    }
    return RowDigest.finish(h);
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
    String userId = required(compiled.userId, "user_id", row);
    UserRecord.Builder builder = UserRecord.builder(userId).deviceId(optional(compiled.deviceId, row));
    fields(row, builder);
    groups(row, builder);
    return builder.userProperties(operations(row, compiled.properties, true)).build();
  }

  private DeviceRecord device(Row row) throws RowException {
    String deviceId = required(compiled.deviceId, "device_id", row);
    DeviceRecord.Builder builder = DeviceRecord.builder(deviceId).userId(optional(compiled.userId, row));
    fields(row, builder);
    groups(row, builder);
    return builder.userProperties(operations(row, compiled.properties, true)).build();
  }

  private GroupRecord group(Row row) throws RowException {
    GroupRecord.Builder builder =
        GroupRecord.builder(required(compiled.groupType, "group_type", row), required(compiled.groupValue, "group_value", row))
            .userId(optional(compiled.userId, row));
    return builder.groupProperties(operations(row, compiled.properties, true)).build();
  }

  private EventRecord event(Row row, String knownKey) throws RowException {
    String eventType = required(compiled.eventType, "event_type", row);
    String userId = optional(compiled.userId, row);
    String deviceId = optional(compiled.deviceId, row);
    if (userId == null && deviceId == null) {
      String sources = describe("user_id") + (mapping.identifier("device_id").isPresent() ? " and " + describe("device_id") : "");
      throw new RowException("user_id and device_id are both NULL (" + sources + "); an event needs one");
    }
    EventRecord.Builder builder = EventRecord.builder(eventType).userId(userId).deviceId(deviceId);
    Instant time = null;
    if (compiled.time != null) {
      Object raw = compiled.time.read(row);
      if (raw != null) {
        time = Conversions.time(raw, compiled.time.what);
        builder.time(time);
      }
    }
    String insertId = optional(compiled.insertId, row);
    if (insertId == null) {
      // keyOf derives the same id from the same columns
      insertId = knownKey != null ? knownKey : Keys.insertId(syncName, eventType, userId, deviceId, time);
    }
    builder.insertId(insertId);
    fields(row, builder);
    groups(row, builder);
    builder.eventProperties(eventProperties(row));
    return builder.userProperties(operations(row, compiled.userProperties, false)).build();
  }

  /** The JSON column's non-null keys, then the mapped properties (a NULL one removes its key). */
  private Map<String, Object> eventProperties(Row row) throws RowException {
    FrozenMap json = jsonProperties(row);
    if (compiled.properties.length == 0 && !json.containsValue(null)) {
      return json; // immutable: the record shares it
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : json.entrySet()) {
      if (entry.getValue() != null) {
        properties.put(entry.getKey(), entry.getValue());
      }
    }
    for (PropertySlot property : compiled.properties) {
      Object value = propertyValue(row, property);
      if (value != null) {
        properties.put(property.name, value);
      } else {
        properties.remove(property.name);
      }
    }
    return properties;
  }

  private PropertyOperations operations(Row row, PropertySlot[] mappings, boolean withJson)
      throws RowException {
    PropertyOperations.Builder ops = PropertyOperations.builder();
    for (PropertySlot property : mappings) {
      Object value = propertyValue(row, property);
      if (value != null) {
        ops.put(property.operation, property.name, value);
      } else if (mapping.nulls() == Nulls.UNSET) {
        ops.unset(property.name);
      }
    }
    if (withJson) {
      for (Map.Entry<String, Object> entry : jsonProperties(row).entrySet()) {
        if (compiled.explicitNames.contains(entry.getKey())) {
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

  /** The JSON column's object, its values already in record form; empty when unmapped or NULL. */
  private FrozenMap jsonProperties(Row row) throws RowException {
    if (compiled.json == null) {
      return FrozenMap.empty();
    }
    Object raw = compiled.json.read(row);
    if (raw == null) {
      return FrozenMap.empty();
    }
    String what = compiled.json.what;
    if (raw instanceof String text) {
      Object parsed = Conversions.json(text, what);
      if (parsed instanceof FrozenMap object) {
        return object;
      }
      throw new RowException(what + " must hold a JSON object, got " + Conversions.describe(parsed));
    }
    // A driver or custom source that returns the object itself (a Map): convert its values one by one.
    Map<String, Object> object = Conversions.jsonObject(raw, what);
    Map<String, Object> converted = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : object.entrySet()) {
      converted.put(entry.getKey(), Conversions.property(entry.getValue(), ColumnType.OTHER, what + " key '" + entry.getKey() + "'"));
    }
    return PropertyValues.copyMap(converted, what);
  }

  private static Object propertyValue(Row row, PropertySlot property) throws RowException {
    return Conversions.property(property.slot.read(row), property.slot.type, property.slot.what);
  }

  private <B extends SharedFieldsBuilder<B>> void fields(Row row, B builder) throws RowException {
    for (FieldSlot entry : compiled.fields) {
      Object raw = entry.slot.read(row);
      if (raw != null) {
        builder.field(entry.field, fieldValue(entry.field, raw, entry.slot.what));
      }
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
    for (GroupSlot group : compiled.groups) {
      Object raw = group.slot.read(row);
      if (raw == null) {
        continue;
      }
      List<String> values = new ArrayList<>();
      if (raw instanceof Collection<?> || raw instanceof Object[]) {
        Collection<?> elements = raw instanceof Object[] array ? Arrays.asList(array) : (Collection<?>) raw;
        for (Object element : elements) {
          if (element != null) {
            values.add(Conversions.id(element, group.slot.what));
          }
        }
      } else {
        values.add(Conversions.id(raw, group.slot.what));
      }
      builder.group(group.type, values);
    }
  }

  private static String required(Slot slot, String name, Row row) throws RowException {
    String id = optional(slot, row);
    if (id == null) {
      throw new RowException(name + " is NULL (" + (slot == null ? "not mapped" : slot.describe) + ")");
    }
    return id;
  }

  private static String optional(Slot slot, Row row) throws RowException {
    if (slot == null) {
      return null;
    }
    Object raw = slot.read(row);
    return raw == null ? null : Conversions.id(raw, slot.what);
  }

  private String describe(String identifier) {
    return mapping.identifier(identifier).map(Value::describe).orElse("not mapped");
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
      return optional(compiled == null ? null : compiled.identifiers.get(name), row);
    } catch (RowException unreadable) {
      return null;
    }
  }

  /** Where one mapped value is read from: a column position, or a constant. */
  private static final class Slot {
    final int index;
    final Object constant;
    final ColumnType type;
    final String describe;
    /** What the value is, for messages: {@code user_id (column 'uid')}. */
    final String what;

    Slot(Value value, Columns columns, String what) {
      this.constant = value.constant().orElse(null);
      this.index = constant != null ? -1 : columns.indexOf(value.column().orElseThrow());
      this.type = index < 0 ? ColumnType.OTHER : columns.list().get(index).type();
      this.describe = value.describe();
      this.what = what;
    }

    Object read(Row row) {
      return index < 0 ? constant : row.get(index);
    }
  }

  private record PropertySlot(String name, PropertyOperation operation, Slot slot) {
    PropertySlot(PropertyMapping property, Columns columns) {
      this(property.name(), property.operation(),
          new Slot(property.value(), columns, property.value().describe() + " (property '" + property.name() + "')"));
    }
  }

  private record FieldSlot(AmplitudeField field, Slot slot) {}

  private record GroupSlot(String type, Slot slot) {}

  /** A mapping resolved against the stream's columns once, so that rows are read by position. */
  private static final class Compiled {
    final Map<String, Slot> identifiers = new HashMap<>();
    final Slot userId;
    final Slot deviceId;
    final Slot groupType;
    final Slot groupValue;
    final Slot eventType;
    final Slot insertId;
    final Slot time;
    final FieldSlot[] fields;
    final PropertySlot[] properties;
    final PropertySlot[] userProperties;
    final GroupSlot[] groups;
    final Slot json;
    final Set<String> explicitNames = new HashSet<>();
    /** Every column position the mapping reads, ascending: what a row digest covers. */
    final int[] readColumns;
    final long digestSeed;

    Compiled(Mapping mapping, Columns columns) {
      TreeSet<Integer> read = new TreeSet<>();
      mapping.identifiers().forEach((name, value) -> {
        String what = name.equals("time") ? "time (" + value.describe() + ")" : name + " (" + value.describe() + ")";
        identifiers.put(name, new Slot(value, columns, what));
      });
      userId = identifiers.get("user_id");
      deviceId = identifiers.get("device_id");
      groupType = identifiers.get("group_type");
      groupValue = identifiers.get("group_value");
      eventType = identifiers.get("event_type");
      insertId = identifiers.get("insert_id");
      time = identifiers.get("time");
      identifiers.values().forEach(slot -> read.add(slot.index));
      List<FieldSlot> fieldSlots = new ArrayList<>();
      mapping.fields().forEach((field, value) -> {
        String what = value.describe() + " (" + field.wireName() + ")";
        Slot slot = new Slot(value, columns, what);
        read.add(slot.index);
        fieldSlots.add(new FieldSlot(field, slot));
      });
      fields = fieldSlots.toArray(new FieldSlot[0]);
      properties = mapping.properties().stream().map(p -> new PropertySlot(p, columns)).toArray(PropertySlot[]::new);
      userProperties = mapping.userProperties().stream().map(p -> new PropertySlot(p, columns)).toArray(PropertySlot[]::new);
      for (PropertySlot property : properties) {
        explicitNames.add(property.name());
        read.add(property.slot().index);
      }
      for (PropertySlot property : userProperties) {
        read.add(property.slot().index);
      }
      List<GroupSlot> groupSlots = new ArrayList<>();
      mapping.groups().forEach((type, value) -> {
        String what = value.describe() + " (groups." + type + ")";
        Slot slot = new Slot(value, columns, what);
        read.add(slot.index);
        groupSlots.add(new GroupSlot(type, slot));
      });
      groups = groupSlots.toArray(new GroupSlot[0]);
      String jsonColumn = mapping.propertiesJson().orElse(null);
      json = jsonColumn == null ? null
          : new Slot(Value.column(jsonColumn), columns, "column '" + jsonColumn + "' (properties_json)");
      if (json != null) {
        read.add(json.index);
      }
      read.remove(-1);
      readColumns = read.stream().mapToInt(Integer::intValue).toArray();
      // The seed covers what shapes a record besides the row's values: each read column's type (a
      // text column that becomes JSON maps the same text differently) and every constant, typed (the
      // mapping's fingerprint renders 1 and "1" alike).
      long seed = RowDigest.SEED;
      for (int index : readColumns) {
        seed = RowDigest.value(seed, columns.list().get(index).type().name());
      }
      for (Object constant : constants(mapping)) {
        seed = RowDigest.value(seed, constant);
      }
      digestSeed = seed;
    }

    private static List<Object> constants(Mapping mapping) {
      List<Object> constants = new ArrayList<>();
      List<Value> values = new ArrayList<>(mapping.identifiers().values());
      values.addAll(mapping.fields().values());
      mapping.properties().forEach(p -> values.add(p.value()));
      mapping.userProperties().forEach(p -> values.add(p.value()));
      values.addAll(mapping.groups().values());
      for (Value value : values) {
        constants.add(value.constant().map(c -> (Object) List.of(c.getClass().getName(), c)).orElse("column"));
      }
      return constants;
    }
  }
}
