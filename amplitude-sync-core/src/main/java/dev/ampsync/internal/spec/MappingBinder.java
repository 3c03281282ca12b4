package dev.ampsync.internal.spec;

import dev.ampsync.internal.util.SpecNames;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Nulls;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.SpecKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds {@code mapping:} (and {@code options.nulls}, which the mapping holds) to a {@link Mapping}.
 * A value is a column label or {@code {const: value}}; a property may also be {@code {column: c, op:
 * add}}. The mapping builder decides what applies to the object type.
 *
 * <p>An event mapping must say when its events happened: {@code time: ordered_at}, or {@code time:
 * {now: true}} to send events without time, which Amplitude stamps on arrival. Leaving {@code time}
 * out is a mistake at {@code mapping:}, because Amplitude would stamp every historical row with the
 * moment of the sync.
 */
public final class MappingBinder {
  /**
   * The keys {@code mapping:} takes: the binder and the JSON Schema both read this table. Its {@link
   * SpecKey.Type#VALUE} and {@link SpecKey.Type#TIME} keys are the identifiers, bound in this order.
   */
  public static final List<SpecKey> KEYS = List.of(
      SpecKey.of("user_id", SpecKey.Type.VALUE, "the column of the user id"),
      SpecKey.of("device_id", SpecKey.Type.VALUE, "the column of the device id"),
      SpecKey.of("group_type", SpecKey.Type.VALUE, "the group type of a group sync, usually {const: company}"),
      SpecKey.of("group_value", SpecKey.Type.VALUE, "the column of the group's name or id"),
      SpecKey.of("event_type", SpecKey.Type.VALUE, "the column or {const: ...} of the event type"),
      SpecKey.of("insert_id", SpecKey.Type.VALUE, "the column of an event's unique id; derived when absent"),
      SpecKey.of("time", SpecKey.Type.TIME, "the column of when an event happened, or {now: true}"),
      SpecKey.of("members", SpecKey.Type.VALUE, "a group sync's column holding an array of member user ids"),
      SpecKey.of("fields", SpecKey.Type.VALUE_MAP, "Amplitude's own fields (revenue, country, platform, ...)"),
      SpecKey.of("properties", SpecKey.Type.PROPERTY_MAP, "event properties, or a user's or group's properties"),
      SpecKey.of("user_properties", SpecKey.Type.PROPERTY_MAP, "user properties sent with an event"),
      SpecKey.string("properties_json", "a column holding a JSON object of more properties"),
      SpecKey.of("groups", SpecKey.Type.VALUE_MAP, "group type to the column of the group the record belongs to"));
  private static final List<String> IDENTIFIERS = KEYS.stream()
      .filter(key -> key.type() == SpecKey.Type.VALUE || key.type() == SpecKey.Type.TIME).map(SpecKey::name).toList();
  /** The keys of a constant value, {@code {const: value}}. */
  static final List<SpecKey> CONSTANT_KEYS = List.of(
      SpecKey.of("const", SpecKey.Type.CONSTANT, "the value every record gets").asRequired());
  /** The keys of {@code time: {now: true}}. */
  static final List<SpecKey> TIME_NOW_KEYS = List.of(
      SpecKey.bool("now", "true: events go without time, and Amplitude stamps them on arrival").asRequired());
  /** The keys of a property written as a mapping: a column or a constant, and an operation. */
  static final List<SpecKey> PROPERTY_KEYS = List.of(
      SpecKey.string("column", "the column of the property's value"),
      SpecKey.of("const", SpecKey.Type.CONSTANT, "the value every record gets, instead of a column"),
      SpecKey.choice("op", SpecNames.namesOf(PropertyOperation.values(), PropertyOperation::specName),
          "the property operation").withDefault("set"));
  private static final List<SpecKey> CONSTANT_PROPERTY_KEYS =
      PROPERTY_KEYS.stream().filter(key -> !key.name().equals("column")).toList();

  private MappingBinder() {}

  /**
   * Reads the section.
   *
   * @param mapping the {@code mapping:} section
   * @param options the {@code options:} section, or null
   * @param object the sync's object type
   * @return the mapping
   * @throws SpecException if a key is unknown, a value malformed, or the mapping builder refuses it
   */
  public static Mapping bind(SpecSection mapping, SpecSection options, ObjectType object) {
    mapping.declare(KEYS);
    Mapping.Builder builder = Mapping.builder(object);
    for (String identifier : IDENTIFIERS) {
      SpecNode node = mapping.get(identifier);
      if (identifier.equals("time") && node instanceof SpecNode.MapNode map && map.entries().containsKey("now")) {
        timeNow(mapping, map, builder);
      } else if (node != null) {
        Value value = value(mapping, identifier);
        mapping.check(identifier, () -> builder.identifier(identifier, value));
      }
    }
    SpecSection fields = mapping.optionalSection("fields");
    if (fields != null) {
      fields.entries().keySet().forEach(key -> {
        Value value = value(fields, key);
        fields.check(key, () -> builder.field(key, value));
      });
    }
    properties(mapping.optionalSection("properties"), builder, false);
    properties(mapping.optionalSection("user_properties"), builder, true);
    mapping.set("properties_json", mapping.text("properties_json"), builder::propertiesJson);
    SpecSection groups = mapping.optionalSection("groups");
    if (groups != null) {
      groups.entries().keySet().forEach(type -> {
        Value value = value(groups, type);
        groups.check(type, () -> builder.group(type, value));
      });
    }
    if (options != null) {
      options.set("nulls", options.choice("nulls", Nulls::fromSpecName), builder::nulls);
    }
    if (object == ObjectType.EVENT && mapping.get("time") == null) {
      throw mapping.error(
          "an event mapping needs `time` — map the column that says when the event happened, e.g. `time:"
              + " ordered_at`, or write `time: {now: true}` to stamp events when Amplitude receives them");
    }
    return mapping.errors().check(mapping.node(), mapping.path(), builder::build);
  }

  /**
   * Returns where each key of the section, at any depth, was written, for errors found when the job
   * runs (a mapped column the source does not return).
   *
   * @param mapping the {@code mapping:} section
   * @return each key path ({@code mapping.properties.plan}) to its place ({@code users.yaml line 12
   *     (mapping.properties.plan)})
   */
  public static Map<String, String> places(SpecSection mapping) {
    Map<String, String> places = new HashMap<>();
    addPlaces(mapping, places);
    return Map.copyOf(places);
  }

  private static void addPlaces(SpecSection section, Map<String, String> places) {
    section.entries().forEach((key, value) -> {
      places.put(section.pathOf(key), section.placeOf(key));
      if (value instanceof SpecNode.MapNode map) {
        addPlaces(new SpecSection(map, section.pathOf(key), section.errors()), places);
      }
    });
  }

  /** Reads {@code time: {now: true}}: events go without time, on purpose. */
  private static void timeNow(SpecSection mapping, SpecNode.MapNode map, Mapping.Builder builder) {
    SpecSection time = new SpecSection(map, mapping.pathOf("time"), mapping.errors());
    time.declare(TIME_NOW_KEYS);
    if (!Boolean.TRUE.equals(time.bool("now"))) {
      throw time.error("now", "only `now: true` is allowed; to read the time from a column write `time: ordered_at`");
    }
    mapping.check("time", builder::timeNow);
  }

  private static void properties(SpecSection properties, Mapping.Builder builder, boolean userProperties) {
    if (properties == null) {
      return;
    }
    for (String name : properties.entries().keySet()) {
      Value value;
      PropertyOperation op = PropertyOperation.SET;
      if (properties.get(name) instanceof SpecNode.MapNode map) {
        SpecSection property = new SpecSection(map, properties.pathOf(name), properties.errors());
        boolean constant = map.entries().containsKey("const");
        property.declare(constant ? CONSTANT_PROPERTY_KEYS : PROPERTY_KEYS);
        value = constant ? constant(property) : Value.column(property.requiredText("column"));
        PropertyOperation chosen = property.choice("op", PropertyOperation::fromName);
        op = chosen == null ? op : chosen;
      } else {
        value = value(properties, name);
      }
      PropertyOperation operation = op;
      Value mapped = value;
      properties.check(name, () -> userProperties
          ? builder.userProperty(name, mapped, operation)
          : builder.property(name, mapped, operation));
    }
  }

  /** Reads a column label or {@code {const: value}}. */
  private static Value value(SpecSection section, String key) {
    SpecNode node = section.get(key);
    if (node instanceof SpecNode.Scalar scalar && scalar.value() instanceof String column) {
      if (column.isBlank()) {
        throw section.error(key, "names no column; write a column label or {const: value}");
      }
      return Value.column(column);
    }
    if (node instanceof SpecNode.MapNode map) {
      SpecSection constant = new SpecSection(map, section.pathOf(key), section.errors());
      constant.declare(CONSTANT_KEYS);
      return constant(constant);
    }
    throw section.error(key, "must be a column label or {const: value}");
  }

  /** Reads the {@code const:} of a value. */
  private static Value constant(SpecSection value) {
    SpecNode node = value.get("const");
    if (node == null) {
      throw value.error("const", "is missing");
    }
    Object constant = SpecNode.plain(node);
    if (constant == null) {
      throw value.error("const", "is null; a constant needs a value");
    }
    return Value.constant(constant);
  }
}
