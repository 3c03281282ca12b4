package dev.ampsync.jdbc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a record's key is built from a model row, so that the warehouse can compute it: parts joined
 * with {@link #SEPARATOR}, each a model column or a constant text. A user or device key is one
 * column; a group key is the group type (a constant or a column), the group value column and, for
 * a member row, the member's user id column: exactly what {@code Keys.of} builds in Java.
 *
 * @param parts the parts, at least one
 */
public record KeyExpression(List<Part> parts) {
  /** Joins a key's parts: the engine's, {@link dev.ampsync.state.WarehousePlan#KEY_SEPARATOR}. */
  public static final char SEPARATOR = dev.ampsync.state.WarehousePlan.KEY_SEPARATOR;

  /** A part of a key. */
  public sealed interface Part permits Column, Constant {}

  /** A model column, named as the model returns it; its value is cast to text. */
  public record Column(String name) implements Part {
    public Column {
      Objects.requireNonNull(name, "name");
    }
  }

  /** A constant text, such as a group type given in the mapping. */
  public record Constant(String text) implements Part {
    public Constant {
      Objects.requireNonNull(text, "text");
    }
  }

  public KeyExpression {
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a key needs at least one part");
    }
  }

  /** A key that is one column's value (user_id, device_id, insert_id). */
  public static KeyExpression column(String name) {
    return new KeyExpression(List.of(new Column(name)));
  }

  /**
   * A group key: type and value, then the member's user id when {@code memberColumn} is not null.
   *
   * @param groupType the group type part (a {@link Constant} or a {@link Column})
   * @param valueColumn the group value column
   * @param memberColumn the member's user id column, or null for a group's properties
   */
  public static KeyExpression group(Part groupType, String valueColumn, String memberColumn) {
    List<Part> parts = new ArrayList<>(List.of(groupType, new Column(valueColumn)));
    if (memberColumn != null) {
      parts.add(new Column(memberColumn));
    }
    return new KeyExpression(parts);
  }

  /**
   * The key as a text expression over the model's rows under {@code alias}: NULL when a column part
   * is NULL. Adjacent constant texts and separators are joined into one literal.
   */
  public String sql(WarehouseDialect dialect, String alias) {
    List<String> pieces = new ArrayList<>();
    StringBuilder constant = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        constant.append(SEPARATOR);
      }
      Part part = parts.get(i);
      if (part instanceof Constant c) {
        constant.append(c.text());
      } else if (part instanceof Column c) {
        if (constant.length() > 0) {
          pieces.add(dialect.literal(constant.toString()));
          constant.setLength(0);
        }
        pieces.add(dialect.text(alias + "." + dialect.quote(c.name())));
      }
    }
    if (constant.length() > 0 || pieces.isEmpty()) {
      pieces.add(dialect.literal(constant.toString()));
    }
    return dialect.concat(pieces);
  }
}
