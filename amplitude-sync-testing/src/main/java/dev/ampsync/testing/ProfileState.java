package dev.ampsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutable state of one user, device or group profile, and the property operations on it. Not
 * thread-safe: {@link Ingestion} guards every instance with its own lock.
 */
final class ProfileState {
  /** Every property operation the fake knows; any other key is a plain property. */
  static final Set<String> OPERATIONS =
      Set.of(
          "$set",
          "$setOnce",
          "$add",
          "$append",
          "$prepend",
          "$preInsert",
          "$postInsert",
          "$remove",
          "$unset",
          "$clearAll");

  private final Map<String, Object> properties = new LinkedHashMap<>();

  /** Properties that ever held a non-null value, even if unset or cleared since ($setOnce). */
  private final Set<String> everSet = new HashSet<>();

  private final Map<String, List<String>> groups = new LinkedHashMap<>();
  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final Set<String> deviceIds = new LinkedHashSet<>();
  private final Set<String> userIds = new LinkedHashSet<>();

  /**
   * Applies a {@code user_properties} or {@code group_properties} object: {@code $clearAll} first,
   * then every other key in the object's order; operation keys as operations, other keys as {@code
   * $set}.
   */
  void applyProperties(ObjectNode props) {
    if (props.has("$clearAll")) {
      properties.clear();
    }
    for (Map.Entry<String, JsonNode> entry : props.properties()) {
      String key = entry.getKey();
      if (key.equals("$clearAll")) {
        continue;
      }
      if (OPERATIONS.contains(key)) {
        if (entry.getValue().isObject()) {
          for (Map.Entry<String, JsonNode> op : entry.getValue().properties()) {
            apply(key, op.getKey(), op.getValue());
          }
        }
      } else {
        apply("$set", key, entry.getValue());
      }
    }
  }

  private void apply(String operation, String name, JsonNode argument) {
    Object current = properties.get(name);
    switch (operation) {
      case "$set" -> put(name, Values.toJava(argument));
      case "$setOnce" -> {
        Object value = Values.toJava(argument);
        if (!everSet.contains(name) && value != null) {
          put(name, value);
        }
      }
      case "$add" -> {
        if (argument == null || !argument.isNumber()) {
          return; // non-numeric increments are ignored
        }
        BigDecimal increment = (BigDecimal) Values.toJava(argument);
        if (current == null) {
          put(name, increment);
        } else if (current instanceof BigDecimal number) {
          put(name, number.add(increment));
        } // a non-numeric current value is left alone
      }
      case "$append" -> {
        List<Object> list = asList(current);
        list.addAll(values(argument));
        put(name, Collections.unmodifiableList(list));
      }
      case "$prepend" -> {
        List<Object> list = values(argument);
        list.addAll(asList(current));
        put(name, Collections.unmodifiableList(list));
      }
      case "$preInsert", "$postInsert" -> {
        List<Object> existing = asList(current);
        List<Object> fresh = new ArrayList<>();
        for (Object value : values(argument)) {
          if (!Values.containsSame(existing, value) && !Values.containsSame(fresh, value)) {
            fresh.add(value);
          }
        }
        List<Object> list = new ArrayList<>();
        if (operation.equals("$preInsert")) {
          list.addAll(fresh);
          list.addAll(existing);
        } else {
          list.addAll(existing);
          list.addAll(fresh);
        }
        put(name, Collections.unmodifiableList(list));
      }
      case "$remove" -> {
        if (current == null) {
          return;
        }
        List<Object> list = asList(current);
        List<Object> removed = values(argument);
        list.removeIf(element -> Values.containsSame(removed, element));
        put(name, Collections.unmodifiableList(list));
      }
      case "$unset" -> properties.remove(name);
      default -> throw new IllegalArgumentException("not an operation: " + operation);
    }
  }

  private void put(String name, Object value) {
    properties.put(name, value);
    if (value != null) {
      everSet.add(name);
    }
  }

  private static List<Object> asList(Object current) {
    List<Object> list = new ArrayList<>();
    if (current instanceof List<?> existing) {
      list.addAll(existing);
    } else if (current != null) {
      list.add(current);
    }
    return list;
  }

  private static List<Object> values(JsonNode argument) {
    List<Object> list = new ArrayList<>();
    if (argument != null && argument.isArray()) {
      for (JsonNode element : argument) {
        list.add(Values.toJava(element));
      }
    } else {
      list.add(Values.toJava(argument));
    }
    return list;
  }

  /** Sets user-level group membership; a later value for the same group type overwrites. */
  void setGroup(String groupType, List<String> groupValues) {
    groups.put(groupType, List.copyOf(groupValues));
  }

  void setField(String name, Object value) {
    fields.put(name, value);
  }

  void linkDevice(String deviceId) {
    deviceIds.add(deviceId);
  }

  void linkUser(String userId) {
    userIds.add(userId);
  }

  FakeProfile snapshot() {
    return new FakeProfile(
        Collections.unmodifiableMap(new LinkedHashMap<>(properties)),
        Collections.unmodifiableMap(new LinkedHashMap<>(groups)),
        Collections.unmodifiableMap(new LinkedHashMap<>(fields)),
        Collections.unmodifiableSet(new LinkedHashSet<>(deviceIds)),
        Collections.unmodifiableSet(new LinkedHashSet<>(userIds)));
  }
}
