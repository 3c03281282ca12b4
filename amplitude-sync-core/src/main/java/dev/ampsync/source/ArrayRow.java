package dev.ampsync.source;

import dev.ampsync.internal.util.Arguments;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Row} backed by an array of values, in the order of its {@link Columns}. For {@link Source}
 * implementers. Not thread-safe; the array is not copied.
 */
public final class ArrayRow implements Row {
  private final Columns columns;
  private final Object[] values;

  /**
   * Creates a row.
   *
   * @param columns the columns
   * @param values one value per column, in order
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the counts differ
   */
  public ArrayRow(Columns columns, Object[] values) {
    this.columns = Arguments.required(columns, "columns", "pass the stream's columns, e.g. Columns.of(stream.columns())");
    this.values = Arguments.required(values, "values", "pass one value per column, in order (a value itself may be null)");
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          "row has " + values.length + " values for " + columns.size() + " columns");
    }
  }

  @Override
  public List<Column> columns() {
    return columns.list();
  }

  @Override
  public boolean has(String label) {
    return columns.indexOf(label) >= 0;
  }

  @Override
  public Object get(String label) {
    int index = columns.indexOf(label);
    if (index < 0) {
      throw new IllegalArgumentException("no column '" + label + "'");
    }
    return values[index];
  }

  @Override
  public Object get(int index) {
    return values[index];
  }

  @Override
  public Optional<Column> column(String label) {
    int index = columns.indexOf(label);
    return index < 0 ? Optional.empty() : Optional.of(columns.list().get(index));
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("Row{");
    for (int i = 0; i < values.length; i++) {
      out.append(i == 0 ? "" : ", ").append(columns.list().get(i).label()).append('=').append(values[i]);
    }
    return out.append('}').toString();
  }
}
