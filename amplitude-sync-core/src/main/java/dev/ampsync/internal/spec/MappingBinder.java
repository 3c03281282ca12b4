package dev.ampsync.internal.spec;

import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Nulls;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.spec.SpecException;
import java.util.List;
import java.util.Set;

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
  /** The keys {@code mapping:} takes. */
  public static final Set<String> KEYS =
      Set.of("user_id", "device_id", "group_type", "group_value", "event_type", "insert_id", "time",
          "members", "fields", "properties", "user_properties", "properties_json", "groups");
  private static final List<String> IDENTIFIERS =
      List.of("user_id", "device_id", "group_type", "group_value", "event_type", "insert_id", "time", "members");
  private static final Set<String> COLUMN_PROPERTY_KEYS = Set.of("column", "const", "op");
  private static final Set<String> CONSTANT_PROPERTY_KEYS = Set.of("const", "op");

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
    mapping.allowOnly(KEYS);
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

  /** Reads {@code time: {now: true}}: events go without time, on purpose. */
  private static void timeNow(SpecSection mapping, SpecNode.MapNode map, Mapping.Builder builder) {
    SpecSection time = new SpecSection(map, mapping.pathOf("time"), mapping.errors());
    time.allowOnly(Set.of("now"));
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
        property.allowOnly(constant ? CONSTANT_PROPERTY_KEYS : COLUMN_PROPERTY_KEYS);
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
      constant.allowOnly(Set.of("const"));
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
