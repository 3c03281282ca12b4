package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.columns;
import static dev.ampsync.internal.engine.EngineFixtures.row;
import static dev.ampsync.internal.engine.EngineFixtures.store;
import static dev.ampsync.internal.engine.EngineFixtures.userJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.internal.engine.EngineFixtures.RecordingState;
import dev.ampsync.internal.state.Fingerprints;
import dev.ampsync.record.RecordValidator;
import dev.ampsync.source.Column;
import dev.ampsync.source.Row;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RowPreparation: which rows the reader prepares ahead, and that a row left to the run's thread is
 * prepared there to the same answer.
 */
class RowPreparationTest {
  private static final List<Column> COLUMNS = columns("uid", "plan");
  private final RowMapper mapper = new RowMapper(EngineFixtures.USERS, COLUMNS, "preparation");
  private final RecordValidator validator = RecordValidator.withMinIdLength(5);
  private final RecordingState stored = new RecordingState();
  private final RunState state = RunState.open(userJob("preparation").state(store(stored)).build(), false);
  private final KeyAndDigest keyAndDigest =
      new KeyAndDigest(mapper, validator.minIdLength(), state.trustsStored(), "user:preparation");
  private final Row unchanged = row(COLUMNS, "user-1", "gold");
  private final Row changed = row(COLUMNS, "user-2", "bronze");
  private StoredDigests digests;

  /** The state of a run that sent user-1 (gold) and user-2 (silver), with their rows' digests. */
  private RowPreparation rerun() {
    stored.put("user-1", storedWithDigest(keyAndDigest.digest(unchanged)));
    stored.put("user-2", storedWithDigest(keyAndDigest.digest(row(COLUMNS, "user-2", "silver"))));
    digests = StoredDigests.read(state);
    assertThat(digests.size()).isEqualTo(2);
    return RowPreparation.of(mapper, keyAndDigest, validator, digests, false);
  }

  private static byte[] storedWithDigest(long digest) {
    return Fingerprints.encode(Fingerprints.withRowDigest(new long[0], digest));
  }

  @AfterEach
  void close() {
    if (digests != null) {
      digests.close();
    }
  }

  @Test
  void withStoredDigests_theReaderLeavesRowsThatAreNotMappedAhead_andTheRunsThreadFindsThemUnchanged() {
    RowPreparation preparation = rerun();

    assertThat(preparation.prepareAhead(unchanged)).isNull();
    assertThat(preparation.prepareAhead(changed)).isNull();

    Row[] rows = {unchanged, changed};
    Object[] prepared = new Object[2];
    preparation.prepareRest(rows, prepared, 2);
    RowPreparation.Prepared first = (RowPreparation.Prepared) prepared[0];
    RowPreparation.Prepared second = (RowPreparation.Prepared) prepared[1];
    assertThat(first.key()).isEqualTo("user-1");
    assertThat(first.storedUnchanged()).isTrue();
    assertThat(first.digest()).isEqualTo(keyAndDigest.digest(unchanged));
    assertThat(second.key()).isEqualTo("user-2");
    assertThat(second.storedUnchanged()).isFalse();
    assertThat(second.notStored()).isFalse();
    assertThat(second.mapped()).as("not mapped ahead in a run of unchanged rows").isNull();
  }

  @Test
  void withStoredDigests_onceMostRowsNeedMapping_theReaderMapsThemAhead() {
    RowPreparation preparation = rerun();
    for (int i = 0; i < RowPreparation.WINDOW; i++) {
      preparation.observe(true);
    }

    RowPreparation.Prepared ahead = preparation.prepareAhead(changed);

    assertThat(ahead).isNotNull();
    assertThat(ahead.key()).isEqualTo("user-2");
    assertThat(ahead.mapped()).isInstanceOf(RowMapper.Mapped.Ready.class);
    assertThat(ahead.record().toString()).contains("bronze");
    assertThat(ahead.violations()).isEmpty();
  }

  @Test
  void withoutStoredDigests_theReaderPreparesKeyAndDigest() {
    RowPreparation preparation = RowPreparation.of(mapper, keyAndDigest, validator, null, false);

    RowPreparation.Prepared ahead = preparation.prepareAhead(unchanged);

    assertThat(ahead).isNotNull();
    assertThat(ahead.key()).isEqualTo("user-1");
    assertThat(ahead.digest()).isEqualTo(keyAndDigest.digest(unchanged));
    assertThat(ahead.probed()).isFalse();
  }
}
