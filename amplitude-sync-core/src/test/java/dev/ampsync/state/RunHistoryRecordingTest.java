package dev.ampsync.state;

import dev.ampsync.StateSummary;
import dev.ampsync.RunEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.testing.FakeAmplitude;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: every run that opened the state for writing is recorded in its history, read back with
 * {@link AmplitudeSync#state}; a run failing before sending records only that (issue 15); a preview
 * records nothing; a reset forgets everything.
 */
class RunHistoryRecordingTest {
  private static final String KEY = "history-project-key-0001";
  private FakeAmplitude fake;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    fake = FakeAmplitude.builder().apiKey(KEY).start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static Mapping.Builder users() {
    return Mapping.builder(ObjectType.USER).userId(Value.column("id")).property("plan", Value.column("plan"));
  }

  private static List<Map<String, Object>> rows(int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", "user-" + (1000 + i));
      row.put("plan", i % 2 == 0 ? "pro" : "free");
      rows.add(row);
    }
    return rows;
  }

  private SyncJob job(Mapping mapping, StateStore store, int rows) {
    return SyncJob.builder("users")
        .source(InMemorySource.of(rows(rows)))
        .mapping(mapping)
        .destination(AmplitudeClient.builder(KEY).endpoint(URI.create(fake.baseUrl())).linger(Duration.ofMillis(5)))
        .state(store)
        .build();
  }

  /** Every metadata entry but the history. */
  private static Map<String, String> metaBesidesHistory(StateStore store) {
    Map<String, String> meta = new LinkedHashMap<>();
    try (SyncState state = store.openForPreview("users")) {
      for (String name : List.of("mapping", "project", "resync", "watermark")) {
        meta.put(name, state.meta(name));
      }
      meta.put("keys", Long.toString(state.size()));
    }
    return meta;
  }

  @Test
  void threeRuns_oneFailedBeforeSending_areRecordedNewestFirst_andTheFailedOneChangedNothingElse() {
    try (StateStore store = StateStores.file(dir)) {
      AmplitudeSync.run(job(users().build(), store, 10));
      Map<String, String> before = metaBesidesHistory(store);

      Mapping missing = users().property("tier", Value.column("no_such_column")).build();
      SyncResult failed = AmplitudeSync.run(job(missing, store, 10));
      assertThat(failed.status()).isEqualTo(SyncStatus.FAILED);
      assertThat(metaBesidesHistory(store)).as("only the history changed").isEqualTo(before);

      AmplitudeSync.run(job(users().build(), store, 12));

      StateSummary state = AmplitudeSync.state(job(users().build(), store, 12));
      List<RunEntry> runs = state.runs();
      assertThat(runs).extracting(RunEntry::status)
          .containsExactly(SyncStatus.SUCCEEDED, SyncStatus.FAILED, SyncStatus.SUCCEEDED);
      assertThat(runs.get(0).accepted()).isEqualTo(2);
      assertThat(runs.get(0).unchanged()).isEqualTo(10);
      assertThat(runs.get(1).error()).hasValueSatisfying(e -> assertThat(e).contains("no_such_column"));
      assertThat(runs.get(2).accepted()).isEqualTo(10);
      assertThat(runs.get(2).started()).isBefore(runs.get(0).started().plusNanos(1));
      assertThat(state.keys()).isEqualTo(12);
      assertThat(state.mappingMatches()).isTrue();
    }
  }

  @Test
  void aFirstRunThatFailsBeforeSending_leavesOnlyItsHistory() {
    try (StateStore store = StateStores.file(dir)) {
      AmplitudeSync.run(job(users().property("tier", Value.column("no_such_column")).build(), store, 3));

      StateSummary state = AmplitudeSync.state(job(users().build(), store, 3));

      assertThat(state.exists()).as("nothing acknowledged: the next run sends every row").isFalse();
      assertThat(state.mapping()).isEmpty();
      assertThat(state.project()).isEmpty();
      assertThat(state.runs()).singleElement().satisfies(run -> assertThat(run.status()).isEqualTo(SyncStatus.FAILED));
    }
  }

  @Test
  void aPreview_isNotRecorded() {
    try (StateStore store = StateStores.file(dir)) {
      AmplitudeSync.run(job(users().build(), store, 4));
      AmplitudeSync.preview(job(users().build(), store, 5));

      assertThat(AmplitudeSync.state(job(users().build(), store, 5)).runs()).hasSize(1);
    }
  }

  @Test
  void aChangedMapping_showsAsNotMatching_andAReset_forgetsKeysMetadataAndHistory() {
    try (StateStore store = StateStores.file(dir)) {
      AmplitudeSync.run(job(users().build(), store, 4));
      SyncJob changed = job(users().property("source", Value.constant("warehouse")).build(), store, 4);

      StateSummary state = AmplitudeSync.state(changed);
      assertThat(state.exists()).isTrue();
      assertThat(state.mappingMatches()).isFalse();
      assertThat(state.project()).contains(state.jobProject());
      assertThat(state.toString()).doesNotContain(KEY);

      assertThat(AmplitudeSync.resetState(changed)).contains("forgot");
      StateSummary after = AmplitudeSync.state(changed);
      assertThat(after.exists()).isFalse();
      assertThat(after.keys()).isZero();
      assertThat(after.runs()).isEmpty();
      assertThat(after.mapping()).isEmpty();
      assertThat(AmplitudeSync.run(changed).accepted()).as("the next run sends every row").isEqualTo(4);
    }
  }

  @Test
  void aJobWithoutState_hasNothingToShow() {
    SyncJob none = SyncJob.builder("users")
        .source(InMemorySource.of(rows(1)))
        .mapping(users().build())
        .destination(AmplitudeClient.builder(KEY).endpoint(URI.create(fake.baseUrl())))
        .build();

    assertThatThrownBy(() -> AmplitudeSync.state(none)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("keeps no state");
  }
}
