package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.FailureThresholds;
import dev.ampsync.FailureThresholds.Limit;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How fail_when thresholds decide a result's status, where Results builds it from the Tally. */
class ResultThresholdsTest {

  /** A finished run of {@code rows} rows, {@code invalid}/{@code rejected}/{@code failed} of them problems. */
  private static SyncResult run(int rows, int invalid, int rejected, int failed, FailureThresholds thresholds, StopReason stop) {
    Tally tally = EngineFixtures.tally();
    for (int i = 0; i < rows; i++) {
      tally.rowRead();
      RowOutcome outcome = i < invalid ? RowOutcome.INVALID
          : i < invalid + rejected ? RowOutcome.REJECTED
          : i < invalid + rejected + failed ? RowOutcome.FAILED
          : RowOutcome.ACCEPTED;
      tally.record(outcome, "user-" + i, outcome == RowOutcome.ACCEPTED ? null : "reason " + i);
    }
    return Results.of("users", tally, null, 0, null, stop, thresholds);
  }

  private static SyncResult run(int rows, int invalid, int rejected, int failed, FailureThresholds thresholds) {
    return run(rows, invalid, rejected, failed, thresholds, null);
  }

  @Test
  void byDefault_anyProblemRowIsPartial_andSaysTheDefaultWasExceeded() {
    SyncResult result = run(100, 1, 0, 0, FailureThresholds.of());

    assertThat(result.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(result.thresholdsExceeded())
        .containsExactly("invalid 1 of 100 rows (1.0%) is above fail_when.invalid 0 (the default: any invalid row)");
    assertThat(run(100, 0, 0, 0, FailureThresholds.of()).status()).isEqualTo(SyncStatus.SUCCEEDED);
  }

  @ParameterizedTest(name = "{0} invalid of 100, threshold {1}%: {2}")
  @CsvSource({"4, 5, SUCCEEDED", "5, 5, SUCCEEDED", "6, 5, PARTIAL", "0, 0, SUCCEEDED", "1, 0, PARTIAL", "100, 100, SUCCEEDED"})
  void aPercentage_atOrBelowSucceeds_aboveIsPartial(int invalid, double percent, SyncStatus expected) {
    SyncResult result = run(100, invalid, 0, 0, FailureThresholds.of().invalidAbove(Limit.percent(percent)));

    assertThat(result.status()).isEqualTo(expected);
    assertThat(result.thresholdsExceeded().isEmpty()).isEqualTo(expected == SyncStatus.SUCCEEDED);
    // Within the thresholds or not, the counts and the problems are all reported.
    assertThat(result.invalid()).isEqualTo(invalid);
    assertThat(result.problems()).hasSize(Math.min(invalid, 10));
  }

  @ParameterizedTest(name = "{0} rejected, threshold {1}: {2}")
  @CsvSource({"9, 10, SUCCEEDED", "10, 10, SUCCEEDED", "11, 10, PARTIAL"})
  void aCount_atOrBelowSucceeds_aboveIsPartial(int rejected, long count, SyncStatus expected) {
    SyncResult result = run(1000, 0, rejected, 0, FailureThresholds.of().rejectedAbove(Limit.count(count)));

    assertThat(result.status()).isEqualTo(expected);
    assertThat(result.rejected()).isEqualTo(rejected);
  }

  @Test
  void aFractionalPercentage_isExact() {
    FailureThresholds halfAPercent = FailureThresholds.of().failedAbove(Limit.percent(0.5));

    assertThat(run(1000, 0, 0, 5, halfAPercent).status()).isEqualTo(SyncStatus.SUCCEEDED);
    SyncResult above = run(1000, 0, 0, 6, halfAPercent);
    assertThat(above.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(above.thresholdsExceeded()).containsExactly("failed 6 of 1000 rows (0.6%) is above fail_when.failed 0.5%");
  }

  @Test
  void aShareJustAboveAPercentage_showsEnoughDecimalsToBeSeenAbove() {
    SyncResult result = run(10_000, 501, 0, 0, FailureThresholds.of().invalidAbove(Limit.percent(5)));

    assertThat(result.thresholdsExceeded()).containsExactly("invalid 501 of 10000 rows (5.01%) is above fail_when.invalid 5%");
  }

  @Test
  void theMessage_namesEachThresholdExceeded_andOnlyThose() {
    FailureThresholds thresholds = FailureThresholds.of().invalidAbove(Limit.percent(5)).rejectedAbove(Limit.count(1));

    SyncResult result = run(100, 7, 1, 2, thresholds);

    assertThat(result.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(result.thresholdsExceeded()).containsExactly(
        "invalid 7 of 100 rows (7.0%) is above fail_when.invalid 5%",
        "failed 2 of 100 rows (2.0%) is above fail_when.failed 0 (the default: any failed row)");
  }

  @Test
  void aRunThatCouldNotProceed_isFailed_whateverTheThresholds() {
    FailureThresholds lenient = FailureThresholds.of().invalidAbove(Limit.percent(100))
        .rejectedAbove(Limit.percent(100)).failedAbove(Limit.percent(100));

    SyncResult result = run(10, 1, 1, 1, lenient, new StopReason.SourceFailed("connection reset"));

    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(result.thresholdsExceeded()).isEmpty();
  }

  @Test
  void aRunThroughTheEngine_takesTheJobsThresholds() {
    // One row of three has no user id: invalid.
    FailureThresholds third = FailureThresholds.of().invalidAbove(Limit.percent(34));
    SyncResult within = AmplitudeSync.preview(
        EngineFixtures.userJob("thresholds", "user-0001", "gold", null, "gold", "user-0003", "free").failWhen(third).build());

    assertThat(within.invalid()).isEqualTo(1);
    assertThat(within.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(within.problems()).singleElement().satisfies(p -> assertThat(p.outcome()).isEqualTo(RowOutcome.INVALID));

    SyncResult above = AmplitudeSync.preview(EngineFixtures.userJob("thresholds", "user-0001", "gold", null, "gold", "user-0003", "free")
        .failWhen(FailureThresholds.of().invalidAbove(Limit.percent(33))).build());
    assertThat(above.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(above.thresholdsExceeded()).containsExactly("invalid 1 of 3 rows (33.3%) is above fail_when.invalid 33%");
  }
}
