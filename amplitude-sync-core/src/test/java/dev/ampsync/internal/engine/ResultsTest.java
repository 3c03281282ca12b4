package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.FailureThresholds;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Results: a run's result from its tally and how it ended. */
class ResultsTest {
  @Test
  void aRunThatCouldNotStart_isFailedWithTheError() {
    SyncResult result = Results.notStarted("users", "cannot write the problems file");

    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(result.error()).contains("cannot write the problems file");
    assertThat(result.rowsRead()).isZero();
  }

  @Test
  void aRun_carriesTheCountsTheResyncReasonAndTheStopReason() {
    Tally tally = EngineFixtures.tally();
    tally.rowRead();
    tally.rowRead();
    tally.record(RowOutcome.ACCEPTED, "user-1", null);
    tally.record(RowOutcome.INVALID, "user-2", "bad");

    SyncResult result = Results.of("users", tally, "forced", 3, null, new StopReason.SourceFailed("connection reset"), FailureThresholds.of());

    assertThat(result.rowsRead()).isEqualTo(2);
    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.invalid()).isEqualTo(1);
    assertThat(result.removed()).isEqualTo(3);
    assertThat(result.fullResync()).contains("forced");
    assertThat(result.error()).contains("connection reset");
    assertThat(result.isPreview()).isFalse();
  }

  @Test
  void aPreview_carriesItsRequests_andACompleteRunNoError() {
    SyncResult result = Results.of("users", EngineFixtures.tally(), null, 0, List.of(), null, FailureThresholds.of());

    assertThat(result.isPreview()).isTrue();
    assertThat(result.error()).isEmpty();
    assertThat(result.fullResync()).isEmpty();
  }
}
