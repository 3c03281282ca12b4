package dev.ampsync.internal.engine;

import dev.ampsync.RowOutcome;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.RecordValidator;
import dev.ampsync.record.Violation;
import java.util.List;

/** Checks a mapped record against Amplitude's limits; an invalid one is reported with the column that fed it. */
final class RecordValidation {
  private final RecordValidator validator;
  private final RowMapper mapper;
  private final Tally tally;

  RecordValidation(RecordValidator validator, RowMapper mapper, Tally tally) {
    this.validator = validator;
    this.mapper = mapper;
    this.tally = tally;
  }

  /** Tells whether the record is valid; reports the first violation as invalid otherwise. */
  boolean passes(AmplitudeRecord record, String key) {
    return passes(validator.validate(record), key);
  }

  /** Tells whether a record with these violations (found on the reader thread) is valid; reports it as {@link #passes(AmplitudeRecord, String)} does. */
  boolean passes(List<Violation> violations, String key) {
    if (violations.isEmpty()) {
      return true;
    }
    Violation first = violations.get(0);
    String source = mapper.sourceOf(first.field());
    tally.record(RowOutcome.INVALID, key, (source == null ? "" : source + ": ") + first.message());
    return false;
  }

  /**
   * Tells whether a group's membership is valid (its member id, e.g. {@code min_id_length}); reports
   * the first violation as invalid otherwise, naming the group, the member and the column.
   */
  boolean passesMember(AmplitudeRecord membership, String key, GroupRecord group, String column) {
    List<Violation> violations = validator.validate(membership);
    if (violations.isEmpty()) {
      return true;
    }
    tally.record(RowOutcome.INVALID, key, "member '" + membership.userId().orElse("") + "' of group "
        + group.groupType() + " '" + group.groupValue() + "' (" + column + "): " + violations.get(0).message());
    return false;
  }
}
