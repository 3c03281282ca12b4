package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.RowOutcome;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.RunEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RunHistory: the bounded {@code runs} metadata entry. */
class RunHistoryTest {
  private static SyncResult result(long accepted, String error) {
    Tally tally = EngineFixtures.tally();
    for (long i = 0; i < accepted; i++) {
      tally.rowRead();
      tally.record(RowOutcome.ACCEPTED, "user-" + i, null);
    }
    return Results.of("users", tally, null, 0, null, error == null ? null : new StopReason.SourceFailed(error),
        dev.ampsync.FailureThresholds.of());
  }

  @Test
  void keepsTheLastHundredRuns_newestFirst() {
    String stored = null;
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    for (int run = 1; run <= 105; run++) {
      stored = RunHistory.append(stored, result(run, null), start.plusSeconds(run));
    }

    List<RunEntry> runs = RunHistory.read(stored);

    assertThat(runs).hasSize(RunHistory.LIMIT);
    assertThat(runs.get(0).accepted()).isEqualTo(105);
    assertThat(runs.get(0).started()).isEqualTo(start.plusSeconds(105));
    assertThat(runs.get(99).accepted()).as("runs 1 to 5 dropped").isEqualTo(6);
  }

  @Test
  void aFailedRun_keepsItsStatusAndError() {
    String stored = RunHistory.append(null, result(0, "connection reset"), Instant.EPOCH);

    RunEntry run = RunHistory.read(stored).get(0);

    assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(run.error()).hasValueSatisfying(e -> assertThat(e).contains("connection reset"));
    assertThat(run.resync()).isEmpty();
  }

  @Test
  void anEntryThatCannotBeRead_isEmpty_andIsStartedAfresh() {
    assertThat(RunHistory.read("{not json")).isEmpty();
    assertThat(RunHistory.read(null)).isEmpty();

    String stored = RunHistory.append("{not json", result(2, null), Instant.EPOCH);

    assertThat(RunHistory.read(stored)).singleElement().satisfies(run -> assertThat(run.accepted()).isEqualTo(2));
  }
}
