package dev.ampsync.mapping;

import dev.ampsync.internal.util.Arguments;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a mapped value comes from: a column of the row, or a constant. In YAML a plain string names
 * a column and {@code {const: X}} is a constant.
 */
public final class Value {
  private final String column;
  private final Object constant;

  private Value(String column, Object constant) {
    this.column = column;
    this.constant = constant;
  }

  /**
   * Returns a value read from a column.
   *
   * @param label the column label, matched ignoring case
   * @return the value
   * @throws NullPointerException if {@code label} is null
   * @throws IllegalArgumentException if {@code label} is blank
   */
  public static Value column(String label) {
    Arguments.requiredText(label, "column label",
        "pass the column's label as the query names it (its alias), e.g. Value.column(\"user_id\")");
    return new Value(label, null);
  }

  /**
   * Returns a constant value.
   *
   * @param constant the value: a String, Number, Boolean, List or Map
   * @return the value
   * @throws NullPointerException if {@code constant} is null
   */
  public static Value constant(Object constant) {
    return new Value(null, Arguments.required(constant, "constant",
        "pass a String, Number, Boolean, List or Map; for a value from each row use Value.column(label)"));
  }

  /**
   * Returns the column label, when the value comes from a column.
   *
   * @return the label, or empty for a constant
   */
  public Optional<String> column() {
    return Optional.ofNullable(column);
  }

  /**
   * Returns the constant, when the value is one.
   *
   * @return the constant, or empty for a column
   */
  public Optional<Object> constant() {
    return Optional.ofNullable(constant);
  }

  /**
   * Describes the value for messages: {@code column 'plan'} or {@code constant "warehouse"}.
   *
   * @return the description
   */
  public String describe() {
    return column != null ? "column '" + column + "'" : "constant '" + constant + "'";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Value that
        && Objects.equals(column, that.column)
        && Objects.equals(constant, that.constant);
  }

  @Override
  public int hashCode() {
    return Objects.hash(column, constant);
  }

  @Override
  public String toString() {
    return column != null ? column : "{const: " + constant + "}";
  }
}
