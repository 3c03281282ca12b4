package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.columns;
import static dev.ampsync.internal.engine.EngineFixtures.dryRunClient;
import static dev.ampsync.internal.engine.EngineFixtures.row;
import static dev.ampsync.internal.engine.EngineFixtures.store;
import static dev.ampsync.internal.engine.EngineFixtures.userJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.internal.engine.EngineFixtures.RecordingState;
import dev.ampsync.record.RecordValidator;
import dev.ampsync.record.UserRecord;
import dev.ampsync.source.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RowPipeline: rows through the stages of one run, over a state in memory and a dry-run client. */
class RowPipelineTest {
  private static final List<Column> COLUMNS = columns("uid", "plan");
  private final RecordingState stored = new RecordingState();

  /** One run: the rows through a pipeline built as the run builds it, then every outcome settled. */
  private Tally run(Object[]... rows) throws InterruptedException {
    Tally tally = EngineFixtures.tally();
    RunState state = RunState.open(userJob("pipeline").state(store(stored)).build(), false);
    Committer committer = new Committer(state, "pipeline");
    Outstanding outstanding = new Outstanding();
    RowMapper mapper = new RowMapper(EngineFixtures.USERS, COLUMNS, "pipeline");
    RecordValidator validator = RecordValidator.withMinIdLength(5);
    try (AmplitudeClient client = dryRunClient(); SeenKeys keys = new SeenKeys(0)) {
      RowPipeline pipeline = new RowPipeline(
          new KeyAndDigest(mapper, validator.minIdLength(), state.trustsStored(), "user:pipeline"),
          new UnchangedShortcut(state, false),
          mapper,
          false,
          new DuplicateCheck(keys, tally, false),
          new RecordValidation(validator, mapper, tally),
          new RecordPlanning(state, committer, tally),
          new Submission(client, null, new Acknowledgement(committer, new Watermark(null, null, false), tally, outstanding)),
          tally);
      for (Object[] values : rows) {
        assertThat(pipeline.process(row(COLUMNS, values), null, Watermark.NO_TIME)).isNull();
      }
      client.flush();
    }
    outstanding.awaitNone();
    committer.close();
    return tally;
  }

  @Test
  void newRowsAreSent_andAcknowledgedOnesAreUnchangedNextTime() throws InterruptedException {
    Tally first = run(new Object[] {"user-1", "gold"}, new Object[] {"user-2", "silver"});
    Tally second = run(new Object[] {"user-1", "gold"}, new Object[] {"user-2", "bronze"});

    assertThat(first.count(RowOutcome.ACCEPTED)).isEqualTo(2);
    assertThat(stored.keys).containsOnlyKeys("user-1", "user-2");
    assertThat(second.count(RowOutcome.UNCHANGED)).isEqualTo(1);
    assertThat(second.count(RowOutcome.ACCEPTED)).isEqualTo(1);
  }

  @Test
  void aDuplicate_isInvalid_evenWhenTheShortcutFindsItUnchanged() throws InterruptedException {
    run(new Object[] {"user-1", "gold"});
    Tally tally = run(new Object[] {"user-1", "gold"}, new Object[] {"user-1", "gold"}, new Object[] {"user-3", "a"},
        new Object[] {"user-3", "b"});

    assertThat(tally.count(RowOutcome.UNCHANGED)).isEqualTo(1);
    assertThat(tally.count(RowOutcome.ACCEPTED)).isEqualTo(1);
    assertThat(tally.problems()).extracting(Problem::key).containsExactly("user-1", "user-3");
    assertThat(tally.problems()).extracting(Problem::reason).containsExactly(
        "duplicate key 'user-1' with identical values: an earlier row of this run has it",
        "duplicate key 'user-3' with conflicting values: an earlier row of this run has it with other values");
  }

  @Test
  void rowsThatCannotBeMappedOrValidated_areInvalid_andNothingIsSent() throws InterruptedException {
    Tally tally = run(new Object[] {null, "gold"}, new Object[] {"ab", "gold"});

    assertThat(tally.problems()).extracting(Problem::outcome).containsExactly(RowOutcome.INVALID, RowOutcome.INVALID);
    assertThat(tally.problems().get(0).reason()).isEqualTo("user_id is NULL (column 'uid')");
    assertThat(stored.keys).isEmpty();
  }

  @Test
  void aRowMappedOnTheReaderThread_isNotMappedAgain() throws InterruptedException {
    Tally tally = EngineFixtures.tally();
    RowMapper mapper = new RowMapper(EngineFixtures.USERS, COLUMNS, "pipeline");
    Outstanding outstanding = new Outstanding();
    try (AmplitudeClient client = dryRunClient(); SeenKeys keys = new SeenKeys(0)) {
      RowPipeline pipeline = new RowPipeline(null, null, mapper, false, new DuplicateCheck(keys, tally, false),
          new RecordValidation(RecordValidator.withMinIdLength(5), mapper, tally),
          new RecordPlanning(null, new Committer(null, "x"), tally),
          new Submission(client, null, new Acknowledgement(new Committer(null, "x"), new Watermark(null, null, false), tally, outstanding)),
          tally);
      UserRecord record = UserRecord.builder("premapped").build();
      RowPreparation.Prepared premapped = new RowPreparation.Prepared(null, false, 1,
          new RowMapper.Mapped.Ready(record, "premapped"), record, List.of());
      RowPreparation.Prepared skipped =
          new RowPreparation.Prepared(null, false, 2, RowMapper.Mapped.SKIPPED, null, null);

      pipeline.process(row(COLUMNS, "user-1", "gold"), premapped, Watermark.NO_TIME);
      pipeline.process(row(COLUMNS, "user-2", "gold"), skipped, Watermark.NO_TIME);
      client.flush();
      outstanding.awaitNone();
      assertThat(client.previewRequests().get(0).body()).contains("premapped").doesNotContain("user-1");
    }
    assertThat(tally.count(RowOutcome.ACCEPTED)).isEqualTo(1);
    assertThat(tally.count(RowOutcome.UNCHANGED)).as("skipped").isEqualTo(1);
  }
}
