package dev.ampsync.source;

import java.util.List;
import java.util.Optional;

/**
 * One row of a source: values by column label, labels matched case-insensitively.
 *
 * <p>A row is valid only until the source moves to the next one: copy what you keep.
 */
public interface Row {

  /**
   * Returns the columns of this row's source, in order.
   *
   * @return the columns
   */
  List<Column> columns();

  /**
   * Tells whether the row has a column with the given label, ignoring case.
   *
   * @param label the label
   * @return true when such a column exists
   * @throws NullPointerException if {@code label} is null
   */
  boolean has(String label);

  /**
   * Returns the value of a column; SQL NULL is {@code null}.
   *
   * @param label the label, matched ignoring case
   * @return the value, or null
   * @throws NullPointerException if {@code label} is null
   * @throws IllegalArgumentException if the source has no such column
   */
  Object get(String label);

  /**
   * Returns the value of the column at a position of {@link #columns()}; SQL NULL is {@code null}.
   * The engine reads mapped columns by position, once it has matched their labels.
   *
   * @param index the column's position, from 0
   * @return the value, or null
   * @throws IndexOutOfBoundsException if there is no such column
   */
  default Object get(int index) {
    return get(columns().get(index).label());
  }

  /**
   * Returns the column with the given label.
   *
   * @param label the label, matched ignoring case
   * @return the column, if any
   * @throws NullPointerException if {@code label} is null
   */
  Optional<Column> column(String label);
}
