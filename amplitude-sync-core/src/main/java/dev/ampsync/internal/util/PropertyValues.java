package dev.ampsync.internal.util;

import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Copies property values into the immutable, JSON-shaped form records hold.
 *
 * <p>Accepted: {@code null}, {@link String}, {@link Boolean}, numbers (other than the JDK's immutable
 * types, converted exactly to {@code BigDecimal}), {@link UUID} (its string), {@code java.time}
 * values (ISO-8601 strings as {@link Timestamps} formats them; durations and periods as {@code
 * PT1H30M}), {@link Collection}s and object arrays (become {@link FrozenList}s), and maps with string
 * keys (become {@link FrozenMap}s, in their iteration order). Null values are kept: SQL rows contain
 * them.
 *
 * <p>A copy is a {@link FrozenMap} or {@link FrozenList}, which is returned as it is when copied again,
 * so a value passes from a row through a record builder into a record without being copied twice.
 * The path of a bad value, for the message, is only put together when there is one.
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
   * @return an unmodifiable copy (the map itself when it is a {@link FrozenMap})
   * @throws NullPointerException if the map or a key is null
   * @throws IllegalArgumentException if a value has a type Amplitude cannot take
   */
  public static FrozenMap copyMap(Map<String, ?> map, String what) {
    if (map == null) {
      throw new NullPointerException(what);
    }
    if (map instanceof FrozenMap frozen) {
      return frozen;
    }
    try {
      return copyMap(map, 0);
    } catch (BadValue bad) {
      throw bad.at(what);
    }
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
    try {
      return copy(value, 0);
    } catch (BadValue bad) {
      throw bad.at(path);
    }
  }

  private static FrozenMap copyMap(Map<?, ?> map, int depth) {
    if (map instanceof FrozenMap frozen) {
      return frozen;
    }
    checkDepth(depth);
    FrozenMap.Builder copy = new FrozenMap.Builder(map.size());
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object key = entry.getKey();
      if (key == null) {
        throw new BadValue(path -> new NullPointerException("null key in " + path));
      }
      if (!(key instanceof String)) {
        String type = key.getClass().getName();
        throw new BadValue(path -> new IllegalArgumentException(
            "property keys must be strings; " + path + " has a key of type " + type));
      }
      String name = (String) key;
      try {
        copy.put(name, copy(entry.getValue(), depth + 1));
      } catch (BadValue bad) {
        throw bad.under("." + name);
      }
    }
    return copy.build();
  }

  private static Object copy(Object value, int depth) {
    if (value == null || value instanceof String || value instanceof Boolean
        || value instanceof FrozenMap || value instanceof FrozenList) {
      return value;
    }
    if (value instanceof Number number) {
      try {
        return Numbers.immutable(number, "");
      } catch (IllegalArgumentException unreadable) {
        // Numbers puts the path first: "<path>: cannot read ..."
        throw new BadValue(path -> new IllegalArgumentException(path + unreadable.getMessage(), unreadable.getCause()));
      }
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
      return copyMap(map, depth);
    }
    if (value instanceof Collection<?> collection) {
      return copyList(collection, depth);
    }
    if (value instanceof Object[] array) {
      return copyList(java.util.Arrays.asList(array), depth);
    }
    String type = value.getClass().getName();
    throw new BadValue(path -> new IllegalArgumentException(
        "unsupported value of type " + type + " at " + path
            + "; use a String, Number, Boolean, UUID, java.time value, List or Map"));
  }

  private static FrozenList copyList(Collection<?> collection, int depth) {
    checkDepth(depth);
    Object[] copy = new Object[collection.size()];
    int index = 0;
    for (Object element : collection) {
      if (index == copy.length) {
        copy = java.util.Arrays.copyOf(copy, copy.length * 2 + 1); // a collection that grew meanwhile
      }
      try {
        copy[index] = copy(element, depth + 1);
      } catch (BadValue bad) {
        throw bad.under("[" + index + "]");
      }
      index++;
    }
    return FrozenList.adopt(index == copy.length ? copy : java.util.Arrays.copyOf(copy, index));
  }

  private static void checkDepth(int depth) {
    if (depth > MAX_COPY_DEPTH) {
      throw new BadValue(path -> new IllegalArgumentException(
          "value at " + path + " is nested more than " + MAX_COPY_DEPTH + " levels; is it cyclic?"));
    }
  }

  /**
   * A bad value on its way up: collects the path segments from the value to the top, so the message
   * is built only when a value is refused. No stack trace: it never leaves this class.
   */
  private static final class BadValue extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Function<String, RuntimeException> message;
    private final transient List<String> segments = new ArrayList<>();

    BadValue(Function<String, RuntimeException> message) {
      super(null, null, false, false);
      this.message = message;
    }

    BadValue under(String segment) {
      segments.add(segment);
      return this;
    }

    RuntimeException at(String root) {
      StringBuilder path = new StringBuilder(root);
      for (int i = segments.size() - 1; i >= 0; i--) {
        path.append(segments.get(i));
      }
      return message.apply(path.toString());
    }
  }
}
