package dev.ampsync.internal.engine;

import dev.ampsync.RowOutcome;
import dev.ampsync.record.AmplitudeRecord;
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
    List<Violation> violations = validator.validate(record);
    if (violations.isEmpty()) {
      return true;
    }
    Violation first = violations.get(0);
    String source = mapper.sourceOf(first.field());
    tally.record(RowOutcome.INVALID, key, (source == null ? "" : source + ": ") + first.message());
    return false;
  }
}
