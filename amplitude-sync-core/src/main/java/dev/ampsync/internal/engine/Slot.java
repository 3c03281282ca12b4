package dev.ampsync.internal.engine;

import dev.ampsync.mapping.Value;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.Columns;
import dev.ampsync.source.Row;
import dev.ampsync.source.UnreadableValue;
import java.time.Instant;

/** Where one mapped value is read from: a column position resolved once, or a constant. */
final class Slot {
  /** The column position, or -1 for a constant. */
  final int index;
  final Object constant;
  final ColumnType type;
  /** The mapping's description of the value: {@code column 'uid'}. */
  final String describe;
  /** What the value is, for messages: {@code user_id (column 'uid')}. */
  final String what;

  Slot(Value value, Columns columns, String what) {
    this.constant = value.constant().orElse(null);
    this.index = constant != null ? -1 : columns.indexOf(value.column().orElseThrow());
    this.type = index < 0 ? ColumnType.OTHER : columns.list().get(index).type();
    this.describe = value.describe();
    this.what = what;
  }

  /**
   * Reads the value; every mapped column is read here, so this is where a value the source could not
   * represent stops its row (an unmapped one is never read, and so never stops anything).
   *
   * @throws RowException naming the column and the value when the source marked it unreadable
   */
  Object read(Row row) throws RowException {
    Object value = index < 0 ? constant : row.get(index);
    if (value instanceof UnreadableValue unreadable) {
      throw new RowException(what + ": " + unreadable.reason());
    }
    return value;
  }

  /** Reads an identifier; null when the slot is unmapped or the value NULL. */
  static String id(Slot slot, Row row) throws RowException {
    if (slot == null) {
      return null;
    }
    Object raw = slot.read(row);
    return raw == null ? null : Conversions.id(raw, slot.what);
  }

  /** Reads a time; null when the slot is unmapped or the value NULL. */
  static Instant time(Slot slot, Row row) throws RowException {
    if (slot == null) {
      return null;
    }
    Object raw = slot.read(row);
    return raw == null ? null : Conversions.time(raw, slot.what);
  }

  /** Reads an identifier the record cannot do without. */
  static String requiredId(Slot slot, String name, Row row) throws RowException {
    String id = id(slot, row);
    if (id == null) {
      throw new RowException(name + " is NULL (" + (slot == null ? "not mapped" : slot.describe) + ")");
    }
    return id;
  }
}
