package dev.ampsync.internal.state;

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
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.Source;
import dev.ampsync.state.StateException;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.StateStores;
import dev.ampsync.state.SyncState;
import dev.ampsync.testing.FakeAmplitude;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under the state directory, injected through an H2 file system whose writes fail with
 * "No space left on device" ({@link NoSpaceFilePath}): the message names the full disk and the file,
 * the run stops FAILED with every row read in exactly one outcome, and what was committed before
 * stays readable for the next run.
 */
class FileStateStoreDiskFullTest {
  private static final int ROWS = 30_000;
  @TempDir Path dir;
  private FakeAmplitude fake;

  @BeforeEach
  void start() {
    NoSpaceFilePath.register();
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stop() {
    NoSpaceFilePath.empty();
    fake.close();
  }

  private static FileStateStore onFullableDisk(Path directory) {
    return FileStateStore.open(directory, name -> "nospace:" + name);
  }

  @Test
  void aCommitOnAFullDisk_namesTheFullDiskAndTheFile_andKeepsWhatWasCommittedBefore() {
    Path file = dir.resolve("state.mv.db");
    try (FileStateStore store = onFullableDisk(dir)) {
      SyncState state = store.open("users");
      state.put("user-1", "one".getBytes(StandardCharsets.UTF_8));
      state.commit();
      NoSpaceFilePath.fill();
      state.put("user-2", "two".getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(state::commit)
          .isInstanceOf(StateException.class)
          .hasMessageStartingWith("no space left on device while writing the state " + file);
      assertThatThrownBy(() -> state.put("user-3", new byte[] {3}))
          .as("the store MVStore closed after the failed write still names the full disk")
          .hasMessageStartingWith("no space left on device while writing the state " + file);
    }
    assertThat(NoSpaceFilePath.refused()).isPositive();
    NoSpaceFilePath.empty();

    try (StateStore reopened = StateStores.file(dir)) {
      SyncState state = reopened.open("users");
      assertThat(state.get("user-1")).asString(StandardCharsets.UTF_8).isEqualTo("one");
      assertThat(state.get("user-2")).isNull();
    }
  }

  @Test
  void aRunWhoseStateFillsTheDisk_failsNamingTheFullDisk_withAnOutcomeForEveryRowRead() {
    Path file = dir.resolve("state.mv.db");
    SyncResult failed;
    try (FileStateStore store = onFullableDisk(dir)) {
      failed = AmplitudeSync.run(job(fillingTheDiskAtRow(ROWS / 3), store));
    }

    assertThat(NoSpaceFilePath.refused()).isPositive();
    assertThat(failed.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(failed.error()).get().asString()
        .startsWith("no space left on device while writing the state " + file);
    assertThat(failed.rowsRead()).isPositive();
    assertThat(failed.accepted() + failed.unchanged() + failed.invalid() + failed.rejected() + failed.failed())
        .as("every row read has exactly one outcome: %s", failed)
        .isEqualTo(failed.rowsRead());

    NoSpaceFilePath.empty();
    try (StateStore reopened = StateStores.file(dir)) {
      SyncResult next = AmplitudeSync.run(job(InMemorySource.streaming(COLUMNS, () -> rows(-1)), reopened));
      assertThat(next.status()).as("the store the full disk left behind opens: %s", next).isEqualTo(SyncStatus.SUCCEEDED);
      assertThat(next.accepted() + next.unchanged()).isEqualTo(ROWS);
    }
  }

  /**
   * What the next run resends, exactly: the stopped run still delivers every record it had submitted
   * (each accepted, none failed), but nothing acknowledged after its last successful commit is
   * recorded, so the next run sends those again and finds only the committed ones unchanged. The row
   * read when the disk fills is acknowledged after every commit that could succeed, so at least it is
   * resent; how many more depends on the commit interval and the records in flight (see README).
   */
  @Test
  void theNextRun_resendsExactlyWhatTheStoppedRunAcknowledgedAfterItsLastSuccessfulCommit() {
    SyncResult failed;
    try (FileStateStore store = onFullableDisk(dir)) {
      failed = AmplitudeSync.run(job(fillingTheDiskAtRow(ROWS / 3), store));
    }
    assertThat(failed.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(failed.failed()).as("what was submitted is still delivered: %s", failed).isZero();
    assertThat(failed.accepted()).isEqualTo(failed.rowsRead());
    NoSpaceFilePath.empty();

    long committed;
    try (StateStore reopened = StateStores.file(dir)) {
      SyncState state = reopened.open("users");
      committed = state.size();
      state.close();
    }
    assertThat(committed).as("the row read as the disk filled was acknowledged after the last commit that could succeed")
        .isLessThan(failed.accepted());
    SyncResult next;
    try (StateStore reopened = StateStores.file(dir)) {
      next = AmplitudeSync.run(job(InMemorySource.streaming(COLUMNS, () -> rows(-1)), reopened));
    }

    assertThat(next.unchanged()).as("only what was committed counts as delivered: %s", next).isEqualTo(committed);
    assertThat(next.accepted()).isEqualTo(ROWS - committed);
    long resent = next.accepted() - (ROWS - failed.rowsRead());
    assertThat(resent).as("resent: accepted by the stopped run, not committed").isEqualTo(failed.accepted() - committed);
    System.out.printf("full disk at row %,d: the stopped run read and delivered %,d, committed %,d; the next run resent %,d%n",
        ROWS / 3, failed.rowsRead(), committed, resent);
  }

  private static final List<Column> COLUMNS =
      List.of(new Column("id", ColumnType.STRING), new Column("plan", ColumnType.STRING));

  /** Users whose source fills the disk when it reads row {@code fillAt} (never when negative). */
  private static Source fillingTheDiskAtRow(int fillAt) {
    return InMemorySource.streaming(COLUMNS, () -> rows(fillAt));
  }

  private static Iterator<Map<String, ?>> rows(int fillAt) {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < ROWS;
      }

      @Override
      public Map<String, ?> next() {
        if (next == fillAt) {
          NoSpaceFilePath.fill();
        }
        int i = next++;
        return Map.of("id", "user-" + (100_000 + i), "plan", i % 3 == 0 ? "pro" : "free");
      }
    };
  }

  private SyncJob job(Source source, StateStore store) {
    return SyncJob.builder("users")
        .source(source)
        .mapping(Mapping.builder(ObjectType.USER).userId(Value.column("id")).property("plan", Value.column("plan")).build())
        .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl())).linger(Duration.ofMillis(5)))
        .state(store)
        .build();
  }
}
