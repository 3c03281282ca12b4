package dev.ampsync.record;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A record's fields: an immutable map in {@link AmplitudeField} order, backed by one array indexed
 * by ordinal. Cheaper than a copied {@code EnumMap} behind an unmodifiable view, and {@link #forEach}
 * allocates nothing. Not API.
 */
final class FieldMap extends AbstractMap<AmplitudeField, Object> {
  private static final AmplitudeField[] FIELDS = AmplitudeField.values();

  private final Object[] values;
  private final int size;

  private FieldMap(Object[] values, int size) {
    this.values = values;
    this.size = size;
  }

  /** Returns an immutable copy of builder state: one value (or null) per field ordinal. */
  static Map<AmplitudeField, Object> copyOf(Object[] byOrdinal, int size) {
    return size == 0 ? Map.of() : new FieldMap(byOrdinal.clone(), size);
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
    return key instanceof AmplitudeField field ? values[field.ordinal()] : null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public void forEach(BiConsumer<? super AmplitudeField, ? super Object> action) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        action.accept(FIELDS[i], values[i]);
      }
    }
  }

  @Override
  public Set<Map.Entry<AmplitudeField, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Map.Entry<AmplitudeField, Object>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);

          private int advance(int from) {
            int i = from;
            while (i < values.length && values[i] == null) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < values.length;
          }

          @Override
          public Map.Entry<AmplitudeField, Object> next() {
            if (next >= values.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<AmplitudeField, Object> entry = new AbstractMap.SimpleImmutableEntry<>(FIELDS[next], values[next]);
            next = advance(next + 1);
            return entry;
          }
        };
      }
    };
  }
}
