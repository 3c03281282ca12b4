package dev.ampsync.record;

import dev.ampsync.internal.util.Arguments;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/** Builder state and immutable copies shared by the record types. Not API. */
final class RecordParts {
  final ObjectType type;
  /** AmplitudeField.values() copies the array on every call: counted once. */
  private static final int FIELD_COUNT = AmplitudeField.values().length;

  /** Field values by {@link AmplitudeField} ordinal; null where unset. */
  private final Object[] fields = new Object[FIELD_COUNT];
  private int fieldCount;
  /** Null until a group is added: most records have none. */
  private LinkedHashMap<String, List<String>> groups;
  PropertyOperations properties = PropertyOperations.empty();

  RecordParts(ObjectType type) {
    this.type = type;
  }

  RecordParts(ObjectType type, Map<AmplitudeField, Object> fields, Map<String, List<String>> groups,
      PropertyOperations properties) {
    this(type);
    fields.forEach(this::field);
    if (!groups.isEmpty()) {
      this.groups = new LinkedHashMap<>(groups);
    }
    this.properties = properties;
  }

  void field(AmplitudeField field, Object value) {
    Arguments.required(field, "field", "pass the Amplitude field to set, e.g. AmplitudeField.COUNTRY");
    if (!field.appliesTo(type)) {
      throw new IllegalArgumentException(
          field.wireName() + " does not apply to " + type.specName() + " records");
    }
    Object coerced = value == null ? null : field.coerce(value);
    Object previous = fields[field.ordinal()];
    fields[field.ordinal()] = coerced;
    fieldCount += (coerced != null ? 1 : 0) - (previous != null ? 1 : 0);
  }

  void group(String groupType, Collection<String> values) {
    Arguments.required(groupType, "groupType", "pass the Amplitude group type, e.g. \"company\"");
    Arguments.required(values, "groupValues", "pass the group values, e.g. List.of(\"acme\"), or List.of() to leave the group type out");
    if (values.isEmpty()) {
      if (groups != null) {
        groups.remove(groupType);
      }
      return;
    }
    List<String> copy = new ArrayList<>(values.size());
    for (String value : values) {
      copy.add(Objects.requireNonNull(value, "group value of " + groupType));
    }
    if (groups == null) {
      groups = new LinkedHashMap<>();
    }
    groups.put(groupType, Collections.unmodifiableList(copy));
  }

  void groups(Map<String, ? extends Collection<String>> all) {
    Arguments.required(all, "groups", "pass group type to group values, e.g. Map.of(\"company\", List.of(\"acme\")), or Map.of()");
    groups = null;
    all.forEach(this::group);
  }

  Map<AmplitudeField, Object> fieldsCopy() {
    return FieldMap.copyOf(fields, fieldCount);
  }

  Map<String, List<String>> groupsCopy() {
    return groups == null || groups.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(groups));
  }

  /** Builds {@code Name{key=value, ...}} from the non-empty parts. */
  static final class Description {
    private final StringJoiner joiner;

    Description(String name) {
      joiner = new StringJoiner(", ", name + "{", "}");
    }

    Description add(String key, Object value) {
      if (value != null
          && !(value instanceof Map<?, ?> map && map.isEmpty())
          && !(value instanceof PropertyOperations ops && ops.isEmpty())) {
        joiner.add(key + "=" + value);
      }
      return this;
    }

    Description addFields(Map<AmplitudeField, Object> fields) {
      fields.forEach((field, value) -> joiner.add(field.wireName() + "=" + value));
      return this;
    }

    @Override
    public String toString() {
      return joiner.toString();
    }
  }
}
