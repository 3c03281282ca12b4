package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.dryRunClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.internal.client.Outcomes;
import dev.ampsync.RowOutcome;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.Outcome;
import dev.ampsync.client.PreviewRequest;
import dev.ampsync.internal.state.Planner;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import org.junit.jupiter.api.Test;

/** Submission: a planned record goes to the client, its outcome to the acknowledgement. */
class SubmissionTest {
  private static final UserRecord GOLD =
      UserRecord.builder("user-1").userProperties(PropertyOperations.builder().set("plan", "gold").build()).build();

  private final Tally tally = EngineFixtures.tally();
  private final Outstanding outstanding = new Outstanding();
  private final Acknowledgement acknowledgement =
      new Acknowledgement(new Committer(null, "submission"), new Watermark(null, null, false), tally, outstanding);

  @Test
  void aRecordIsSubmitted_andItsOutcomeAcknowledged() throws InterruptedException {
    try (AmplitudeClient client = dryRunClient()) {
      Submission submission = new Submission(client, null, acknowledgement);

      assertThat(submission.submit(new Planner.Decision(GOLD, null), "user-1", Watermark.NO_TIME)).isNull();
      client.flush();
      outstanding.awaitNone();

      assertThat(client.previewRequests()).extracting(PreviewRequest::records).containsExactly(1);
    }
    assertThat(tally.count(RowOutcome.ACCEPTED)).isEqualTo(1);
  }

  @Test
  void aChangedUser_goesWithTheSyntheticEvent_asOneRow() throws InterruptedException {
    try (AmplitudeClient client = dryRunClient()) {
      Submission submission = new Submission(client, new SyntheticEvent("users", "Properties Updated"), acknowledgement);

      submission.submit(new Planner.Decision(GOLD, null), "user-1", Watermark.NO_TIME);
      client.flush();
      outstanding.awaitNone();

      assertThat(client.previewRequests()).extracting(PreviewRequest::body).anyMatch(body -> body.contains("Properties Updated"));
    }
    assertThat(tally.count(RowOutcome.ACCEPTED)).isEqualTo(1);
  }

  @Test
  void theWorseOfTwoOutcomes_isTheRowsOutcome() {
    Outcome accepted = Outcomes.accepted(GOLD);
    Outcome failed = Outcomes.failed(GOLD, "timed out");

    assertThat(Submission.worse(accepted, failed)).isSameAs(failed);
    assertThat(Submission.worse(failed, accepted)).isSameAs(failed);
    assertThat(Submission.worse(accepted, accepted)).isSameAs(accepted);
  }
}
