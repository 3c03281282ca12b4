package dev.ampsync.source;

import dev.ampsync.internal.util.Arguments;

/**
 * A column of a source: its label, as the query aliased it, and its type.
 *
 * @param label the column label
 * @param type the column type
 */
public record Column(String label, ColumnType type) {
  /**
   * Creates a column.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the label is blank
   */
  public Column {
    Arguments.requiredText(label, "label", "pass the column's label, as the query names it, e.g. \"user_id\"");
    Arguments.required(type, "type", "pass the column's ColumnType, e.g. ColumnType.STRING");
  }
}
