package dev.ampsync.internal.util;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An unmodifiable list of immutable property values; the list counterpart of {@link FrozenMap}: only
 * this package creates one, and {@link PropertyValues} never copies it again.
 */
public final class FrozenList extends AbstractList<Object> implements RandomAccess {
  private static final FrozenList EMPTY = new FrozenList(new Object[0]);

  private final Object[] elements;

  private FrozenList(Object[] elements) {
    this.elements = elements;
  }

  /** Wraps an array this package just filled and hands over; every element must be immutable. */
  static FrozenList adopt(Object[] elements) {
    return elements.length == 0 ? EMPTY : new FrozenList(elements);
  }

  @Override
  public Object get(int index) {
    return elements[index];
  }

  @Override
  public int size() {
    return elements.length;
  }
}
