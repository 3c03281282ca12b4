package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.store;
import static dev.ampsync.internal.engine.EngineFixtures.userJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.internal.client.Outcomes;
import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.client.Outcome;
import dev.ampsync.internal.engine.EngineFixtures.RecordingState;
import dev.ampsync.record.UserRecord;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Acknowledgement: an outcome commits the fingerprint, holds the watermark back or reports a failure. */
class AcknowledgementTest {
  private static final UserRecord USER = UserRecord.builder("user-1").build();
  private static final byte[] FINGERPRINT = {1, 2, 3};

  private final Tally tally = EngineFixtures.tally();
  private final RecordingState stored = new RecordingState();
  private final RunState state = RunState.open(userJob("acknowledgement").state(store(stored)).build(), false);
  private final Watermark watermark = new Watermark("at", null, false);
  private final Outstanding outstanding = new Outstanding();
  private final Acknowledgement acknowledgement =
      new Acknowledgement(new Committer(state, "acknowledgement"), watermark, tally, outstanding);

  @Test
  void anAcceptedRow_putsItsFingerprint_andCountsAccepted() throws InterruptedException {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    acknowledgement.track(outcome, "user-1", FINGERPRINT, 5_000);
    assertThat(stored.keys).isEmpty();

    outcome.complete(Outcomes.accepted(USER));
    outstanding.awaitNone();

    assertThat(stored.keys).containsKey("user-1");
    assertThat(tally.count(RowOutcome.ACCEPTED)).isEqualTo(1);
  }

  @Test
  void aRejectedRow_isReportedWithTheReason_andNotPut() throws InterruptedException {
    acknowledgement.track(
        CompletableFuture.completedFuture(Outcomes.rejected(USER, "user_id", "too short")),
        "user-1", FINGERPRINT, Watermark.NO_TIME);
    outstanding.awaitNone();

    assertThat(stored.keys).isEmpty();
    assertThat(tally.problems()).containsExactly(new Problem("user-1", RowOutcome.REJECTED, "too short"));
  }

  @Test
  void aFailedRow_holdsTheWatermarkBack() throws InterruptedException {
    watermark.read(9_000);
    acknowledgement.track(
        CompletableFuture.completedFuture(Outcomes.failed(USER, "timed out")),
        "user-1", FINGERPRINT, 5_000);
    outstanding.awaitNone();

    assertThat(tally.count(RowOutcome.FAILED)).isEqualTo(1);
    assertThat(watermark.next(null)).isEqualTo("4999");
  }

  @Test
  void anUnexpectedFailure_isAFailedRow() throws InterruptedException {
    acknowledgement.track(CompletableFuture.failedFuture(new IllegalStateException("bug")), "user-1", FINGERPRINT, 5_000);
    outstanding.awaitNone();

    assertThat(tally.problems())
        .containsExactly(new Problem("user-1", RowOutcome.FAILED, "java.lang.IllegalStateException: bug"));
  }

  @Test
  void outcomesMapToRowOutcomes() {
    assertThat(Acknowledgement.toRowOutcome(Outcomes.accepted(USER))).isEqualTo(RowOutcome.ACCEPTED);
    assertThat(Acknowledgement.toRowOutcome(Outcomes.rejected(USER, null, "r"))).isEqualTo(RowOutcome.REJECTED);
    assertThat(Acknowledgement.toRowOutcome(Outcomes.failed(USER, "f"))).isEqualTo(RowOutcome.FAILED);
  }
}
