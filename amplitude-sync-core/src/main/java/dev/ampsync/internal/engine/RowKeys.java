package dev.ampsync.internal.engine;

import dev.ampsync.source.Row;
import java.time.Instant;

/**
 * The one place a declarative mapping's rows get their keys and their events their insert ids: the
 * key the state is looked up with before a row is mapped ({@link #keyOf}) and the insert id the
 * assembled event carries ({@link #insertId}) come from here, so they cannot disagree. The rules
 * themselves (a group's key, the derived {@code ampsync-} insert id) are {@link Keys}'.
 */
final class RowKeys {
  private final CompiledMapping compiled;
  private final String syncName;
  /** The identifier a row that cannot be mapped is reported with. */
  private final Slot reportedBy;

  RowKeys(CompiledMapping compiled, String syncName) {
    this.compiled = compiled;
    this.syncName = syncName;
    String name =
        switch (compiled.mapping.objectType()) {
          case USER -> "user_id";
          case DEVICE -> "device_id";
          case GROUP -> "group_value";
          case EVENT -> compiled.insertId != null ? "insert_id" : "user_id";
        };
    this.reportedBy = compiled.identifiers.get(name);
  }

  /**
   * Returns the key the row's record would have (see {@link Keys#of}), reading only the identifier
   * columns.
   *
   * @return the key, or null when the row's identifiers cannot make one (the full mapping then says why)
   */
  String keyOf(Row row) {
    try {
      return switch (compiled.mapping.objectType()) {
        case USER -> Slot.id(compiled.userId, row);
        case DEVICE -> Slot.id(compiled.deviceId, row);
        case GROUP -> {
          String type = Slot.id(compiled.groupType, row);
          String value = Slot.id(compiled.groupValue, row);
          yield type == null || value == null ? null : Keys.group(type, value, Slot.id(compiled.userId, row));
        }
        case EVENT -> {
          String mapped = Slot.id(compiled.insertId, row);
          if (mapped != null) {
            yield mapped;
          }
          String eventType = Slot.id(compiled.eventType, row);
          String userId = Slot.id(compiled.userId, row);
          String deviceId = Slot.id(compiled.deviceId, row);
          Instant time = Slot.time(compiled.time, row);
          yield eventType == null || userId == null && deviceId == null ? null
              : insertId(null, eventType, userId, deviceId, time);
        }
      };
    } catch (RowException | RuntimeException unreadable) {
      return null;
    }
  }

  /**
   * Returns an event's insert id: the mapped one, or else the one derived from the sync name and the
   * event's identity.
   *
   * @param mapped the value of the mapped {@code insert_id}, or null
   */
  String insertId(String mapped, String eventType, String userId, String deviceId, Instant time) {
    return mapped != null ? mapped : Keys.insertId(syncName, eventType, userId, deviceId, time);
  }

  /** Returns what a row that cannot be mapped is reported with: its main identifier, or null. */
  String reportedKeyOf(Row row) {
    try {
      return Slot.id(reportedBy, row);
    } catch (RowException unreadable) {
      return null;
    }
  }
}
