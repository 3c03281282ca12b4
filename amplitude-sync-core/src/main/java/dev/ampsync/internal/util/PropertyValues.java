package dev.ampsync.internal.util;

import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Copies property values into the immutable, JSON-shaped form records hold.
 *
 * <p>Accepted: {@code null}, {@link String}, {@link Boolean}, numbers (other than the JDK's immutable
 * types, converted exactly to {@code BigDecimal}), {@link UUID} (its string), {@code java.time}
 * values (ISO-8601 strings as {@link Timestamps} formats them; durations and periods as {@code
 * PT1H30M}), {@link Collection}s and object arrays (become unmodifiable lists), and maps with string
 * keys (become unmodifiable, ordered maps). Null values are kept: SQL rows contain them.
 */
public final class PropertyValues {
  /** Guards against cyclic structures; Amplitude's own nesting limit (40) is checked by validation. */
  private static final int MAX_COPY_DEPTH = 1000;

  private PropertyValues() {}

  /**
   * Copies a property map, keeping insertion order and null values.
   *
   * @param map the map to copy
   * @param what what the map is, for messages, such as {@code "event_properties"}
   * @return an unmodifiable copy
   * @throws NullPointerException if the map or a key is null
   * @throws IllegalArgumentException if a value has a type Amplitude cannot take
   */
  public static Map<String, Object> copyMap(Map<String, ?> map, String what) {
    if (map == null) {
      throw new NullPointerException(what);
    }
    return copyMap(map, what, 0);
  }

  /**
   * Copies one property value.
   *
   * @param value the value, possibly null
   * @param path where the value sits, for messages
   * @return the immutable, JSON-shaped copy
   * @throws IllegalArgumentException if the value has a type Amplitude cannot take
   */
  public static Object copyValue(Object value, String path) {
    return copy(value, path, 0);
  }

  private static Map<String, Object> copyMap(Map<?, ?> map, String path, int depth) {
    checkDepth(path, depth);
    Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 4 / 3 + 1));
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object key = entry.getKey();
      if (key == null) {
        throw new NullPointerException("null key in " + path);
      }
      if (!(key instanceof String)) {
        throw new IllegalArgumentException(
            "property keys must be strings; " + path + " has a key of type " + key.getClass().getName());
      }
      String name = (String) key;
      copy.put(name, copy(entry.getValue(), path + "." + name, depth + 1));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object copy(Object value, String path, int depth) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number number) {
      return Numbers.immutable(number, path);
    }
    if (value instanceof CharSequence || value instanceof Character || value instanceof UUID) {
      return value.toString();
    }
    if (value instanceof TemporalAccessor temporal) {
      return Timestamps.format(temporal);
    }
    if (value instanceof TemporalAmount amount) {
      return amount.toString();
    }
    if (value instanceof Map<?, ?> map) {
      return copyMap(map, path, depth);
    }
    if (value instanceof Collection<?> collection) {
      return copyList(collection, path, depth);
    }
    if (value instanceof Object[] array) {
      return copyList(java.util.Arrays.asList(array), path, depth);
    }
    throw new IllegalArgumentException(
        "unsupported value of type "
            + value.getClass().getName()
            + " at "
            + path
            + "; use a String, Number, Boolean, UUID, java.time value, List or Map");
  }

  private static List<Object> copyList(Collection<?> collection, String path, int depth) {
    checkDepth(path, depth);
    List<Object> copy = new ArrayList<>(collection.size());
    int index = 0;
    for (Object element : collection) {
      copy.add(copy(element, path + "[" + index + "]", depth + 1));
      index++;
    }
    return Collections.unmodifiableList(copy);
  }

  private static void checkDepth(String path, int depth) {
    if (depth > MAX_COPY_DEPTH) {
      throw new IllegalArgumentException(
          "value at " + path + " is nested more than " + MAX_COPY_DEPTH + " levels; is it cyclic?");
    }
  }
}
