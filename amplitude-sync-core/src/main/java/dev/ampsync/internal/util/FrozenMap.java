package dev.ampsync.internal.util;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An unmodifiable, insertion-ordered map of property names to values that are themselves immutable
 * (strings, numbers, booleans, nulls, {@code FrozenMap}s and {@link FrozenList}s). Only this package
 * creates them, always from values it has checked, so a {@code FrozenMap} never needs copying again:
 * {@link PropertyValues} returns it as it is. Equality and hash code are those of {@link Map}.
 *
 * <p>Names and values sit side by side in one array, in insertion order: a record's properties are
 * written and validated by walking it by position ({@link #keyAt}, {@link #valueAt}), with no
 * iterator or entry objects, and a map in flight costs one array instead of a hash table's nodes.
 * Lookups scan a small map and use an index built with a larger one.
 */
public final class FrozenMap extends AbstractMap<String, Object> {
  /** Maps with more entries than this get a hash index for {@link #get}. */
  static final int SCAN_LIMIT = 8;
  private static final FrozenMap EMPTY = new FrozenMap(new Object[0], 0, null);

  /** Name at {@code 2i}, value at {@code 2i + 1}. */
  private final Object[] entries;
  private final int size;
  /** Position of each name, for maps larger than {@link #SCAN_LIMIT}; null otherwise. */
  private final Map<String, Integer> index;

  private FrozenMap(Object[] entries, int size, Map<String, Integer> index) {
    this.entries = entries;
    this.size = size;
    this.index = index;
  }

  /** Returns the empty map. */
  public static FrozenMap empty() {
    return EMPTY;
  }

  /**
   * Freezes a map this package just built and hands over: every value must already be immutable.
   */
  static FrozenMap adopt(LinkedHashMap<String, Object> entries) {
    if (entries.isEmpty()) {
      return EMPTY;
    }
    Builder builder = new Builder(entries.size());
    entries.forEach(builder::putNew);
    return builder.build();
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
    if (map.isEmpty()) {
      return EMPTY;
    }
    Builder builder = new Builder(map.size());
    map.forEach(builder::putNew); // a map's keys are distinct
    return builder.build();
  }

  /**
   * Builds a frozen map in insertion order; putting a name again replaces its value in place, as
   * {@link LinkedHashMap#put} does. Only this package builds them, from values it has checked.
   */
  static final class Builder {
    private Object[] entries;
    private int size;
    private HashMap<String, Integer> index;

    Builder(int expected) {
      entries = new Object[2 * Math.max(2, expected)];
    }

    void put(String name, Object value) {
      int at = positionOf(name);
      if (at >= 0) {
        entries[2 * at + 1] = value;
      } else {
        putNew(name, value);
      }
    }

    /** Adds a name known not to be present yet. */
    private void putNew(String name, Object value) {
      if (2 * size == entries.length) {
        entries = java.util.Arrays.copyOf(entries, 2 * entries.length);
      }
      entries[2 * size] = name;
      entries[2 * size + 1] = value;
      if (index != null) {
        index.put(name, size);
      } else if (size == SCAN_LIMIT) {
        index = indexOf(entries, size + 1);
      }
      size++;
    }

    private int positionOf(String name) {
      if (index != null) {
        Integer at = index.get(name);
        return at == null ? -1 : at;
      }
      for (int i = 0; i < size; i++) {
        if (entries[2 * i].equals(name)) {
          return i;
        }
      }
      return -1;
    }

    FrozenMap build() {
      if (size == 0) {
        return EMPTY;
      }
      Object[] exact = 2 * size == entries.length ? entries : java.util.Arrays.copyOf(entries, 2 * size);
      entries = null; // built once
      return new FrozenMap(exact, size, index);
    }

    private static HashMap<String, Integer> indexOf(Object[] entries, int size) {
      HashMap<String, Integer> index = new HashMap<>(Math.max(16, size * 4));
      for (int i = 0; i < size; i++) {
        index.put((String) entries[2 * i], i);
      }
      return index;
    }
  }

  /** Returns the name at a position, in insertion order. */
  public String keyAt(int position) {
    return (String) entries[2 * checked(position)];
  }

  /** Returns the value at a position, in insertion order. */
  public Object valueAt(int position) {
    return entries[2 * checked(position) + 1];
  }

  private int checked(int position) {
    if (position < 0 || position >= size) {
      throw new IndexOutOfBoundsException(position + " of " + size);
    }
    return position;
  }

  private int positionOf(Object key) {
    if (index != null) {
      Integer at = index.get(key);
      return at == null ? -1 : at;
    }
    if (key != null) {
      for (int i = 0; i < size; i++) {
        if (entries[2 * i].equals(key)) {
          return i;
        }
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public Object get(Object key) {
    int at = positionOf(key);
    return at < 0 ? null : entries[2 * at + 1];
  }

  @Override
  public boolean containsKey(Object key) {
    return positionOf(key) >= 0;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0; i < size; i++) {
      action.accept((String) entries[2 * i], entries[2 * i + 1]);
    }
  }

  @Override
  public Set<String> keySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<String> iterator() {
        return new Positions<>() {
          @Override
          String at(int position) {
            return (String) entries[2 * position];
          }
        };
      }

      @Override
      public boolean contains(Object key) {
        return containsKey(key);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public Collection<Object> values() {
    return new AbstractCollection<>() {
      @Override
      public Iterator<Object> iterator() {
        return new Positions<>() {
          @Override
          Object at(int position) {
            return entries[2 * position + 1];
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Positions<>() {
          @Override
          Map.Entry<String, Object> at(int position) {
            return new AbstractMap.SimpleImmutableEntry<>((String) entries[2 * position], entries[2 * position + 1]);
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /** An unmodifiable iterator over the positions, in insertion order. */
  private abstract class Positions<T> implements Iterator<T> {
    private int next;

    abstract T at(int position);

    @Override
    public boolean hasNext() {
      return next < size;
    }

    @Override
    public T next() {
      if (next >= size) {
        throw new NoSuchElementException();
      }
      return at(next++);
    }
  }
}
