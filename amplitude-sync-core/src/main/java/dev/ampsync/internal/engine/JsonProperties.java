package dev.ampsync.internal.engine;

import dev.ampsync.internal.util.FrozenMap;
import dev.ampsync.internal.util.PropertyValues;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.Row;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Expands a {@code properties_json} column into properties: the column holds a JSON object (as text,
 * or as a map from a driver or a custom source) whose keys become property names.
 */
final class JsonProperties {
  /** The JSON column; null when the mapping has none. */
  private final Slot column;

  JsonProperties(Slot column) {
    this.column = column;
  }

  /** The column's object, its values already in record form; empty when unmapped or NULL. */
  FrozenMap of(Row row) throws RowException {
    if (column == null) {
      return FrozenMap.empty();
    }
    Object raw = column.read(row);
    if (raw == null) {
      return FrozenMap.empty();
    }
    String what = column.what;
    if (raw instanceof String text) {
      Object parsed = Conversions.json(text, what);
      if (parsed instanceof FrozenMap object) {
        ValueRanges.checkValue(object, what); // 1e400 in the JSON text is no more storable than in a column
        return object;
      }
      throw new RowException(what + " must hold a JSON object, got " + Conversions.describe(parsed));
    }
    // A driver or custom source that returns the object itself (a Map): convert its values one by one.
    Map<String, Object> object = Conversions.jsonObject(raw, what);
    Map<String, Object> converted = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : object.entrySet()) {
      converted.put(entry.getKey(), Conversions.property(entry.getValue(), ColumnType.OTHER, what + " key '" + entry.getKey() + "'"));
    }
    return PropertyValues.copyMap(converted, what);
  }
}
