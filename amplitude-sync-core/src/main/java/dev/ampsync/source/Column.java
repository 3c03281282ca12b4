package dev.ampsync.source;

import java.util.Objects;

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
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(type, "type");
    if (label.isBlank()) {
      throw new IllegalArgumentException("column label is blank");
    }
  }
}
