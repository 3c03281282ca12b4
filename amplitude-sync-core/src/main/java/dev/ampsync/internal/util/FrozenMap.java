package dev.ampsync.internal.util;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An unmodifiable, insertion-ordered map of property names to values that are themselves immutable
 * (strings, numbers, booleans, nulls, {@code FrozenMap}s and {@link FrozenList}s). Only this package
 * creates them, always from values it has checked, so a {@code FrozenMap} never needs copying again:
 * {@link PropertyValues} returns it as it is. Equality and hash code are those of {@link Map}.
 */
public final class FrozenMap extends AbstractMap<String, Object> {
  private static final FrozenMap EMPTY = new FrozenMap(new LinkedHashMap<>(0));

  private final LinkedHashMap<String, Object> entries;

  private FrozenMap(LinkedHashMap<String, Object> entries) {
    this.entries = entries;
  }

  /** Returns the empty map. */
  public static FrozenMap empty() {
    return EMPTY;
  }

  /**
   * Wraps a map this package just built and hands over: the caller must not keep or change it, and
   * every value must already be immutable.
   */
  static FrozenMap adopt(LinkedHashMap<String, Object> entries) {
    return entries.isEmpty() ? EMPTY : new FrozenMap(entries);
  }

  /**
   * Returns a shallow copy of a map whose values are already immutable (values a {@link
   * PropertyValues} copy returned), or the map itself when it is frozen.
   *
   * @param map string keys, immutable values
   * @return a frozen map with the same entries, in the same order
   */
  public static FrozenMap copyOf(Map<String, Object> map) {
    if (map instanceof FrozenMap frozen) {
      return frozen;
    }
    return map.isEmpty() ? EMPTY : new FrozenMap(new LinkedHashMap<>(map));
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  @Override
  public Object get(Object key) {
    return entries.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  @Override
  public Set<String> keySet() {
    return Collections.unmodifiableSet(entries.keySet());
  }

  @Override
  public Collection<Object> values() {
    return Collections.unmodifiableCollection(entries.values());
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    entries.forEach(action);
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        Iterator<Map.Entry<String, Object>> inner = entries.entrySet().iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return inner.hasNext();
          }

          @Override
          public Map.Entry<String, Object> next() {
            Map.Entry<String, Object> entry = inner.next();
            return new AbstractMap.SimpleImmutableEntry<>(entry.getKey(), entry.getValue());
          }
        };
      }

      @Override
      public int size() {
        return entries.size();
      }
    };
  }
}
