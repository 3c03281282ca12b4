package dev.ampsync.internal.engine;

import dev.ampsync.internal.util.Text;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.PropertyMapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.AmplitudeField;
import dev.ampsync.record.ObjectType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds what in a mapping feeds an Amplitude field path named in a violation ({@code user_id},
 * {@code event_properties.cart.items[2]}, {@code user_properties.$set.plan}, {@code groups.company}),
 * so that an invalid row's reason names the column to fix.
 */
final class ViolationSources {
  private final Mapping mapping;

  ViolationSources(Mapping mapping) {
    this.mapping = mapping;
  }

  /** Returns a description such as {@code column 'plan'}, or null when no column feeds the path. */
  String sourceOf(String fieldPath) {
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

  private static String describeAll(Collection<Value> values) {
    List<String> described = new ArrayList<>();
    values.forEach(v -> described.add(v.describe()));
    return described.isEmpty() ? null : String.join(", ", described);
  }
}
