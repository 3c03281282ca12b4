package dev.ampsync.internal.engine;

import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.PropertyMapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.AmplitudeField;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.source.Columns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.TreeSet;

/**
 * A declarative mapping checked and resolved against a stream's columns once, so that rows are read
 * by position: every mapped column must exist, and each mapped value becomes a {@link Slot}.
 */
final class CompiledMapping {
  /** A mapped property: its name, how it is applied, and where its value is read. */
  record PropertySlot(String name, PropertyOperation operation, Slot slot) {
    PropertySlot(PropertyMapping property, Columns columns) {
      this(property.name(), property.operation(),
          new Slot(property.value(), columns, property.value().describe() + " (property '" + property.name() + "')"));
    }
  }

  /** A mapped Amplitude field and where its value is read. */
  record FieldSlot(AmplitudeField field, Slot slot) {}

  /** A mapped group type and where its value (or values) are read. */
  record GroupSlot(String type, Slot slot) {}

  final Mapping mapping;
  final Map<String, Slot> identifiers = new HashMap<>();
  final Slot userId;
  final Slot deviceId;
  final Slot groupType;
  final Slot groupValue;
  final Slot eventType;
  final Slot insertId;
  final Slot time;
  /** A group sync's member list; null unless {@code members} is mapped. */
  final Members members;
  final FieldSlot[] fields;
  final PropertySlot[] properties;
  final PropertySlot[] userProperties;
  final GroupSlot[] groups;
  /** The properties_json column; null when unmapped. */
  final Slot json;
  /** The names of the mapped properties, which a JSON column's keys do not override. */
  final Set<String> explicitNames = new HashSet<>();
  /** Digests the values of every column the mapping reads. */
  final RowDigest digest;

  /**
   * Checks and compiles a declarative mapping.
   *
   * @throws IllegalArgumentException naming the mapping key and the missing column, with the
   *     columns the source has
   */
  CompiledMapping(Mapping mapping, Columns columns) {
    this(mapping, columns, key -> null);
  }

  /**
   * Checks and compiles a declarative mapping, naming a mapping key by where it was written.
   *
   * @param placeOf for a key path ({@code mapping.properties.plan}), where it was written ({@code
   *     users.yaml line 12 (mapping.properties.plan)}), or null to name the key path alone
   * @throws IllegalArgumentException naming the mapping key and the missing column, with the
   *     columns the source has
   */
  CompiledMapping(Mapping mapping, Columns columns, Function<String, String> placeOf) {
    checkColumns(mapping, columns, placeOf);
    this.mapping = mapping;
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
    members = identifiers.containsKey("members") ? new Members(identifiers.get("members")) : null;
    identifiers.values().forEach(slot -> read.add(slot.index));
    List<FieldSlot> fieldSlots = new ArrayList<>();
    mapping.fields().forEach((field, value) -> {
      Slot slot = new Slot(value, columns, value.describe() + " (" + field.wireName() + ")");
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
      Slot slot = new Slot(value, columns, value.describe() + " (groups." + type + ")");
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
    digest = RowDigest.of(mapping, columns, read.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Fails on the first mapped column the stream does not return, naming the key by its place when
   * {@code placeOf} knows it ({@code users.yaml line 12 (mapping.properties.plan): names column ...}),
   * else by its path ({@code mapping.properties.plan names column ...}).
   */
  static void checkColumns(Mapping mapping, Columns columns, Function<String, String> placeOf) {
    mapping.identifiers().forEach((name, value) -> check("mapping." + name, value, columns, placeOf));
    mapping.fields().forEach((field, value) -> check("mapping.fields." + field.wireName(), value, columns, placeOf));
    mapping.properties().forEach(p -> check("mapping.properties." + p.name(), p.value(), columns, placeOf));
    mapping.userProperties().forEach(p -> check("mapping.user_properties." + p.name(), p.value(), columns, placeOf));
    mapping.groups().forEach((type, value) -> check("mapping.groups." + type, value, columns, placeOf));
    mapping.propertiesJson().ifPresent(json -> check("mapping.properties_json", Value.column(json), columns, placeOf));
  }

  private static void check(String key, Value value, Columns columns, Function<String, String> placeOf) {
    String label = value.column().orElse(null);
    if (label != null && columns.indexOf(label) < 0) {
      List<String> labels = new ArrayList<>();
      columns.list().forEach(c -> labels.add(c.label()));
      String place = placeOf.apply(key);
      throw new IllegalArgumentException(
          (place == null ? key : place + ":") + " names column '" + label
              + "', which the source does not return; its columns are: " + String.join(", ", labels));
    }
  }
}
