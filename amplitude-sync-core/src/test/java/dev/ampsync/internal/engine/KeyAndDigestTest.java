package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.columns;
import static dev.ampsync.internal.engine.EngineFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.source.Column;
import dev.ampsync.source.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/** KeyAndDigest: the key to look a row up with and its digest, which covers the validator's settings. */
class KeyAndDigestTest {
  private static final List<Column> COLUMNS = columns("uid", "plan");
  private static final RowMapper MAPPER = new RowMapper(EngineFixtures.USERS, COLUMNS, "key-and-digest");
  private static final Row ROW = row(COLUMNS, "user-1", "gold");

  @Test
  void theKeyIsTheMappersKey_unlessNothingIsLookedUp() {
    assertThat(new KeyAndDigest(MAPPER, 5, true, "user:m1").keyOf(ROW)).isEqualTo("user-1");
    assertThat(new KeyAndDigest(MAPPER, 5, false, "user:m1").keyOf(ROW)).isNull();
  }

  @Test
  void theDigestChangesWithTheMinimumIdLength() {
    long five = new KeyAndDigest(MAPPER, 5, true, "user:m1").digest(ROW);

    assertThat(new KeyAndDigest(MAPPER, 5, false, "user:m1").digest(ROW)).isEqualTo(five);
    assertThat(new KeyAndDigest(MAPPER, 1, true, "user:m1").digest(ROW)).isNotEqualTo(five);
    assertThat(new KeyAndDigest(MAPPER, 5, true, "user:m1").digest(row(COLUMNS, "user-1", "silver"))).isNotEqualTo(five);
  }

  @Test
  void theDigestChangesWithTheMapping_soARowAcknowledgedUnderAnotherMappingIsNeverTakenAsUnchanged() {
    long before = new KeyAndDigest(MAPPER, 5, true, "user:m1").digest(ROW);

    assertThat(new KeyAndDigest(MAPPER, 5, true, "user:m2").digest(ROW)).isNotEqualTo(before);
  }
}
