package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.columns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.RowOutcome;
import dev.ampsync.record.RecordValidator;
import dev.ampsync.record.UserRecord;
import org.junit.jupiter.api.Test;

/** RecordValidation: an invalid record is reported with the column that fed the field. */
class RecordValidationTest {
  private final Tally tally = EngineFixtures.tally();
  private final RecordValidation validation = new RecordValidation(
      RecordValidator.withMinIdLength(5), new RowMapper(EngineFixtures.USERS, columns("uid", "plan"), "validation"), tally);

  @Test
  void aValidRecord_passesUnreported() {
    assertThat(validation.passes(UserRecord.builder("user-1").build(), "user-1")).isTrue();
    assertThat(tally.problems()).isEmpty();
  }

  @Test
  void anInvalidRecord_isReportedWithItsColumn() {
    assertThat(validation.passes(UserRecord.builder("ab").build(), "ab")).isFalse();

    assertThat(tally.count(RowOutcome.INVALID)).isEqualTo(1);
    assertThat(tally.problems().get(0).reason()).startsWith("column 'uid': ");
  }
}
