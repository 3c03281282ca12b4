package dev.ampsync.source;

import dev.ampsync.internal.util.Arguments;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A source over rows an application already holds, or generates lazily: for tests, and for apps
 * that sync data they computed themselves.
 *
 * <pre>{@code
 * Source users = InMemorySource.builder()
 *     .column("id", ColumnType.STRING)
 *     .column("plan", ColumnType.STRING)
 *     .column("ltv", ColumnType.DECIMAL)
 *     .row("user-1042", "pro", new BigDecimal("1249.50"))
 *     .row("user-1043", "free", null)
 *     .build();
 *
 * // or lazily, without holding the rows:
 * Source events = InMemorySource.streaming(columns, () -> myIterator);
 * }</pre>
 *
 * <p>Immutable and thread-safe; each {@link #open()} starts a new pass.
 */
public final class InMemorySource implements Source {
  private final Columns columns;
  private final Iterable<Object[]> rows;
  private final String description;

  private InMemorySource(Columns columns, Iterable<Object[]> rows, String description) {
    this.columns = columns;
    this.rows = rows;
    this.description = description;
  }

  /**
   * Returns a builder for a source with declared columns.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a source over maps, one per row. Columns are the union of the maps' keys, in first-seen
   * order; each column's type is inferred from its first non-null value.
   *
   * @param rows the rows
   * @return the source, holding a copy of the rows
   * @throws NullPointerException if the list, a map or a key is null
   */
  public static InMemorySource of(List<? extends Map<String, ?>> rows) {
    Arguments.required(rows, "rows", "pass a list of rows, each a Map from column label to value, e.g. List.of(Map.of(\"id\", \"user-1\"))");
    Map<String, ColumnType> types = new LinkedHashMap<>();
    for (Map<String, ?> row : rows) {
      Arguments.required(row, "a row of the list", "each row is a Map from column label to value; leave out the null");
      row.forEach(
          (label, value) -> {
            Arguments.required(label, "a column label in a row", "each key of a row's Map is its column's label, e.g. \"id\"");
            if (value != null) {
              types.merge(label, typeOf(value), (old, inferred) -> old);
            } else {
              types.putIfAbsent(label, null);
            }
          });
    }
    List<Column> columns = new ArrayList<>();
    types.forEach((label, type) -> columns.add(new Column(label, type == null ? ColumnType.OTHER : type)));
    Columns index = Columns.of(columns);
    List<Object[]> arrays = new ArrayList<>(rows.size());
    for (Map<String, ?> row : rows) {
      Object[] values = new Object[index.size()];
      row.forEach((label, value) -> values[index.indexOf(label)] = value);
      arrays.add(values);
    }
    return new InMemorySource(index, arrays, "in-memory source (" + rows.size() + " rows)");
  }

  /**
   * Returns a source that pulls rows lazily, one map per row, from a fresh iterator on each open;
   * memory stays constant whatever the number of rows.
   *
   * @param columns the columns
   * @param rows supplies the rows; a map may leave out columns whose value is null
   * @return the source
   * @throws NullPointerException if an argument is null
   */
  public static InMemorySource streaming(
      List<Column> columns, Iterable<? extends Map<String, ?>> rows) {
    Arguments.required(rows, "rows", "pass an Iterable of rows, each a Map from column label to value");
    Columns index = Columns.of(columns);
    Iterable<Object[]> arrays =
        () -> {
          Iterator<? extends Map<String, ?>> maps = rows.iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return maps.hasNext();
            }

            @Override
            public Object[] next() {
              Map<String, ?> row = maps.next();
              Object[] values = new Object[index.size()];
              row.forEach(
                  (label, value) -> {
                    int i = index.indexOf(label);
                    if (i < 0) {
                      throw new SourceException("row has a column '" + label + "' that was not declared", null);
                    }
                    values[i] = value;
                  });
              return values;
            }
          };
        };
    return new InMemorySource(index, arrays, "streaming in-memory source");
  }

  /**
   * Infers the column type of a value.
   *
   * @param value a value, not null
   * @return its column type
   */
  static ColumnType typeOf(Object value) {
    if (value instanceof String) {
      return ColumnType.STRING;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger) {
      return ColumnType.INTEGER;
    }
    if (value instanceof BigDecimal) {
      return ColumnType.DECIMAL;
    }
    if (value instanceof Double || value instanceof Float) {
      return ColumnType.FLOAT;
    }
    if (value instanceof Boolean) {
      return ColumnType.BOOLEAN;
    }
    if (value instanceof LocalDate) {
      return ColumnType.DATE;
    }
    if (value instanceof LocalTime) {
      return ColumnType.TIME;
    }
    if (value instanceof Temporal || value instanceof java.util.Date) {
      return ColumnType.TIMESTAMP;
    }
    if (value instanceof UUID) {
      return ColumnType.UUID;
    }
    if (value instanceof Map) {
      return ColumnType.JSON;
    }
    if (value instanceof Collection || value instanceof Object[]) {
      return ColumnType.ARRAY;
    }
    if (value instanceof byte[]) {
      return ColumnType.BINARY;
    }
    return ColumnType.OTHER;
  }

  @Override
  public RowStream open() {
    Iterator<Object[]> iterator = rows.iterator();
    return new RowStream() {
      private boolean closed;

      @Override
      public List<Column> columns() {
        return columns.list();
      }

      @Override
      public Row next() {
        if (closed || !iterator.hasNext()) {
          return null;
        }
        return new ArrayRow(columns, iterator.next());
      }

      @Override
      public boolean rowsStayValid() {
        return true; // a row of its own over values the source never changes
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return "InMemorySource{" + description + "}";
  }

  /** Builds in-memory sources with declared columns. Not thread-safe. */
  public static final class Builder {
    private final List<Column> columns = new ArrayList<>();
    private final List<Object[]> rows = new ArrayList<>();

    private Builder() {}

    /**
     * Declares the next column.
     *
     * @param label the label
     * @param type the type
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if rows were already added
     */
    public Builder column(String label, ColumnType type) {
      if (!rows.isEmpty()) {
        throw new IllegalStateException("declare every column before adding rows");
      }
      columns.add(new Column(label, type));
      return this;
    }

    /**
     * Adds a row, one value per declared column, in order.
     *
     * @param values the values; null for SQL NULL
     * @return this builder
     * @throws NullPointerException if the array is null (a single null value needs {@code row((Object) null)})
     * @throws IllegalArgumentException if the number of values differs from the number of columns
     */
    public Builder row(Object... values) {
      if (Arguments.required(values, "values",
          "pass one value per declared column, in order, e.g. row(\"user-1\", \"pro\")").length != columns.size()) {
        throw new IllegalArgumentException(
            "row has " + values.length + " values for " + columns.size() + " columns");
      }
      rows.add(values.clone());
      return this;
    }

    /**
     * Adds a row from a map of label to value; missing labels are null.
     *
     * @param values the values
     * @return this builder
     * @throws NullPointerException if the map is null
     * @throws IllegalArgumentException if the map names an undeclared column
     */
    public Builder row(Map<String, ?> values) {
      Arguments.required(values, "values", "pass the row as a Map from column label to value, e.g. Map.of(\"id\", \"user-1\")");
      Columns index = Columns.of(columns);
      Object[] row = new Object[columns.size()];
      values.forEach(
          (label, value) -> {
            int i = index.indexOf(label);
            if (i < 0) {
              throw new IllegalArgumentException("no column '" + label + "' was declared");
            }
            row[i] = value;
          });
      rows.add(row);
      return this;
    }

    /**
     * Builds the source.
     *
     * @return a source holding a copy of the rows
     * @throws IllegalArgumentException if two column labels are equal ignoring case
     */
    public InMemorySource build() {
      return new InMemorySource(
          Columns.of(columns), List.copyOf(rows), "in-memory source (" + rows.size() + " rows)");
    }
  }
}
