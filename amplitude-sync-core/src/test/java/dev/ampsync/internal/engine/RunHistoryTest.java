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
    assertThat(RunHistory.read("[{\"started\":\"2026-01-01T00:00:00Z\",\"status\":\"SUCCEEDED\"}")).as("cut short").isEmpty();
    assertThat(RunHistory.read("[{\"started\":")).as("cut short").isEmpty();
    assertThat(RunHistory.read("{\"runs\": []}")).as("not an array").isEmpty();
    assertThat(RunHistory.append("[{\"started\":", result(1, null), Instant.EPOCH)).startsWith("[{\"started\":\"1970");

    String stored = RunHistory.append("{not json", result(2, null), Instant.EPOCH);

    assertThat(RunHistory.read(stored)).singleElement().satisfies(run -> assertThat(run.accepted()).isEqualTo(2));
  }

  @Test
  void anEntryWrittenByAnEarlierVersion_isReadAsItWas_andKeptWordForWordByTheNextRun() {
    // as the object mapper wrote it, with a field a later version might add and one damaged run
    String earlier = "[{\"started\":\"2026-01-01T00:00:00Z\",\"durationMs\":1500,\"status\":\"SUCCEEDED\","
        + "\"rowsRead\":3,\"accepted\":2,\"unchanged\":1,\"invalid\":0,\"rejected\":0,\"failed\":0,"
        + "\"resync\":\"mapping changed\",\"extra\":{\"nested\":[1,2]}},"
        + "{\"started\":\"not a time\",\"status\":\"SUCCEEDED\"}]";

    List<RunEntry> runs = RunHistory.read(earlier);

    assertThat(runs).singleElement().satisfies(run -> {
      assertThat(run.started()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
      assertThat(run.duration()).hasMillis(1500);
      assertThat(run.rowsRead()).isEqualTo(3);
      assertThat(run.accepted()).isEqualTo(2);
      assertThat(run.unchanged()).isEqualTo(1);
      assertThat(run.resync()).hasValue("mapping changed");
      assertThat(run.error()).isEmpty();
    });
    String next = RunHistory.append(earlier, result(4, null), Instant.EPOCH);
    assertThat(next).startsWith(earlier.substring(0, earlier.length() - 1) + ",{\"started\":\"1970-01-01T00:00:00Z\"");
    assertThat(RunHistory.read(next)).extracting(RunEntry::accepted).containsExactly(4L, 2L);
  }
}
