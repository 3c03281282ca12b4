package dev.ampsync.internal.engine;

import dev.ampsync.internal.engine.RowMapper.Mapped;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.RowFunction;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.Row;

/**
 * Maps rows with a custom mapping's row function: a null record skips the row, a record of another
 * object type or one the engine cannot key is invalid, and an event without an insert id gets the
 * derived one. An event without a time is invalid unless the mapping is {@link
 * Mapping#customTimeNow}: a row function cannot be checked before it runs, so the rule a declarative
 * mapping meets at build time is checked here, on every record (a function that never sets a time makes
 * every row invalid, and the report says why, before anything of it is sent).
 */
final class RowFunctionMapper {
  private final RowFunction function;
  private final ObjectType objectType;
  private final String syncName;
  private final boolean timeNow;

  RowFunctionMapper(Mapping mapping, String syncName) {
    this.function = mapping.function().orElseThrow();
    this.objectType = mapping.objectType();
    this.syncName = syncName;
    this.timeNow = mapping.timeNow();
  }

  static final String NO_TIME =
      "row function returned an event without time: set EventRecord.Builder.time(...) from the column that says"
          + " when the event happened, or use Mapping.customTimeNow(...) to let Amplitude stamp events when it"
          + " receives them";

  /** Maps one row; never throws. */
  Mapped map(Row row) {
    AmplitudeRecord record;
    try {
      record = function.map(row);
    } catch (Exception e) {
      return new Mapped.Invalid(null, "row function failed: " + e);
    }
    if (record == null) {
      return Mapped.SKIPPED;
    }
    if (record.objectType() != objectType) {
      return new Mapped.Invalid(
          null,
          "row function returned a " + record.objectType().specName() + " record in a "
              + objectType.specName() + " sync");
    }
    try {
      if (record instanceof EventRecord event) {
        record = Keys.withInsertId(syncName, event);
        if (event.time().isEmpty() && !timeNow) {
          return new Mapped.Invalid(Keys.of(record), NO_TIME);
        }
      }
      return new Mapped.Ready(record, Keys.of(record));
    } catch (RuntimeException e) {
      return new Mapped.Invalid(null, "row function returned an unusable record: " + e);
    }
  }
}
