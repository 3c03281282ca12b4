package dev.ampsync.source;

import dev.ampsync.internal.util.Arguments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable, ordered set of columns with case-insensitive lookup by label, shared by every row of
 * one stream. For {@link Source} implementers, together with {@link ArrayRow}.
 */
public final class Columns {
  private final List<Column> columns;
  private final Map<String, Integer> indexByLabel;
  /** Labels as given, for the common exact-case lookup without lower-casing. */
  private final Map<String, Integer> indexByExactLabel;

  private Columns(List<Column> columns) {
    this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
    this.indexByLabel = new HashMap<>(columns.size() * 2);
    this.indexByExactLabel = new HashMap<>(columns.size() * 2);
    for (int i = 0; i < columns.size(); i++) {
      indexByExactLabel.put(columns.get(i).label(), i);
      String key = key(columns.get(i).label());
      if (indexByLabel.putIfAbsent(key, i) != null) {
        throw new IllegalArgumentException(
            "two columns are labelled '"
                + columns.get(i).label()
                + "' (labels are case-insensitive); alias one of them in the query");
      }
    }
  }

  /**
   * Returns the columns.
   *
   * @param columns the columns, in order
   * @return the column set
   * @throws NullPointerException if the list or a column is null
   * @throws IllegalArgumentException if two labels are equal ignoring case
   */
  public static Columns of(List<Column> columns) {
    Arguments.required(columns, "columns", "pass the columns in order, e.g. List.of(new Column(\"id\", ColumnType.STRING))");
    columns.forEach(c -> Arguments.required(c, "a column of the list", "each is a Column(label, type); leave out the null"));
    return new Columns(columns);
  }

  /**
   * Returns the columns as a list.
   *
   * @return the columns, in order
   */
  public List<Column> list() {
    return columns;
  }

  /**
   * Returns the number of columns.
   *
   * @return the count
   */
  public int size() {
    return columns.size();
  }

  /**
   * Returns the index of a label, ignoring case.
   *
   * @param label the label
   * @return the index, or -1
   * @throws NullPointerException if {@code label} is null
   */
  public int indexOf(String label) {
    Arguments.required(label, "label", "pass a column's label, as the query names it, e.g. \"user_id\"");
    Integer exact = indexByExactLabel.get(label);
    if (exact != null) {
      return exact;
    }
    Integer index = indexByLabel.get(key(label));
    return index == null ? -1 : index;
  }

  private static String key(String label) {
    return label.toLowerCase(Locale.ROOT);
  }
}
