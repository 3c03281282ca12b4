package dev.ampsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.OnRemoved;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.internal.state.ForwardingSyncState;
import dev.ampsync.internal.state.StateFiles;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.testing.FakeAmplitude;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run that read its stored digests up front leaves them beside a file state, with its own writes
 * applied, for the state version it left; the next run loads them instead of walking every key. The
 * table can only make a run faster, never different: every run here is also made against a second
 * state whose runs always walk, and both must send the same records and count the same outcomes.
 */
class DigestTableTest {
  private static final int ROWS = 400;

  @TempDir Path tableDir;
  @TempDir Path walkDir;
  private FakeAmplitude tableFake;
  private FakeAmplitude walkFake;
  /** The state the last run with the table opened. */
  private Counting last;

  @BeforeEach
  void start() {
    tableFake = FakeAmplitude.start();
    walkFake = FakeAmplitude.start();
  }

  @AfterEach
  void stop() {
    failHistory = false;
    tableFake.close();
    walkFake.close();
  }

  /** Whether the next runs with the table fail to write their history (their last commit's content). */
  private static volatile boolean failHistory;

  /** Counts the passes over every key a run makes; keeps the file store's side files when asked. */
  private static class Counting extends ForwardingSyncState {
    final AtomicInteger passes = new AtomicInteger();

    Counting(SyncState state) {
      super(state);
    }

    @Override
    public void meta(String name, String value) {
      if (failHistory && name.equals("runs")) {
        throw new StateException("disk full (test)", new java.io.IOException("ENOSPC"));
      }
      super.meta(name, value);
    }

    @Override
    public void forEachEntry(java.util.function.BiConsumer<String, byte[]> action) {
      passes.incrementAndGet();
      super.forEachEntry(action);
    }
  }

  private static class CountingWithFiles extends Counting implements StateFiles {
    private final StateFiles files;

    CountingWithFiles(SyncState state) {
      super(state);
      this.files = (StateFiles) state;
    }

    @Override
    public Path sideFile(String kind) {
      return files.sideFile(kind);
    }
  }

  private static Mapping mapping(String kind) {
    return "events".equals(kind)
        ? Mapping.builder(ObjectType.EVENT).eventType(Value.constant("Order Completed"))
            .userId(Value.column("owner")).insertId(Value.column("id")).time(Value.column("at"))
            .property("plan", Value.column("plan")).build()
        : Mapping.builder(ObjectType.USER).userId(Value.column("id"))
            .property("plan", Value.column("plan")).property("ltv", Value.column("ltv")).build();
  }

  /** Runs the rows against the state with the table. */
  private SyncResult run(String kind, List<Map<String, Object>> rows) {
    return run(kind, rows, tableDir, tableFake, true, "sync");
  }

  private SyncResult run(String kind, List<Map<String, Object>> rows, Path dir, FakeAmplitude fake,
      boolean withFiles, String name) {
    try (StateStore file = StateStores.file(dir)) {
      return AmplitudeSync.run(job(name, kind, rows, fake, counting(file, withFiles)));
    }
  }

  /** The file store, its states counted; with files, the last one opened is {@link #last}. */
  private StateStore counting(StateStore file, boolean withFiles) {
    return new StateStore() {
      @Override
      public SyncState open(String syncName) {
        return counted(file.open(syncName));
      }

      @Override
      public SyncState openForPreview(String syncName) {
        return counted(file.openForPreview(syncName));
      }

      private SyncState counted(SyncState opened) {
        Counting state = withFiles ? new CountingWithFiles(opened) : new Counting(opened);
        if (withFiles) {
          last = state;
        }
        return state;
      }

      @Override
      public void close() {}
    };
  }

  private static SyncJob job(String name, String kind, List<Map<String, Object>> rows, FakeAmplitude fake,
      StateStore state) {
    return SyncJob.builder(name).source(InMemorySource.of(rows)).mapping(mapping(kind))
        .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl())).linger(Duration.ZERO))
        .onRemoved("users".equals(kind) ? OnRemoved.UNSET : OnRemoved.IGNORE)
        .state(state).build();
  }

  /** Runs the same rows against both states; asserts they sent and counted the same. */
  private SyncResult runBoth(String kind, List<Map<String, Object>> rows) {
    tableFake.reset();
    walkFake.reset();
    SyncResult withTable = run(kind, rows);
    SyncResult walking = run(kind, rows, walkDir, walkFake, false, "sync");
    assertThat(withTable.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(List.of(withTable.rowsRead(), withTable.accepted(), withTable.unchanged(), withTable.invalid(),
            withTable.rejected(), withTable.failed(), withTable.removed()))
        .as("rows read, accepted, unchanged, invalid, rejected, failed, removed")
        .isEqualTo(List.of(walking.rowsRead(), walking.accepted(), walking.unchanged(), walking.invalid(),
            walking.rejected(), walking.failed(), walking.removed()));
    assertThat(sent(tableFake)).isEqualTo(sent(walkFake));
    return withTable;
  }

  /** What a fake received in this run: each user's properties as set, each event's properties. */
  private static Map<String, String> sent(FakeAmplitude fake) {
    Map<String, String> sent = new TreeMap<>();
    fake.users().forEach((id, profile) -> sent.put("user " + id, profile.properties().toString()));
    for (ObjectNode event : fake.events()) {
      sent.put("event " + event.path("insert_id").asText(), event.path("event_properties").toString());
    }
    sent.put("events received", String.valueOf(fake.eventCount()));
    return sent;
  }

  private static List<Map<String, Object>> rows(Random random, double present) {
    List<Map<String, Object>> rows = new ArrayList<>();
    String[] plans = {"free", "gold", "silver"};
    for (int i = 0; i < ROWS; i++) {
      if (random.nextDouble() >= present) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", String.format("k%05d", i));
      row.put("owner", String.format("u%05d", i));
      row.put("plan", random.nextInt(10) < 8 ? "free" : plans[random.nextInt(3)]);
      row.put("ltv", new BigDecimal(random.nextInt(3) + ".5"));
      row.put("at", Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i));
      rows.add(row);
    }
    return rows;
  }

  /** Rows from a seeded generator, run twice: the second run walks the state and leaves a table. */
  private List<Map<String, Object>> afterTwoRuns(String kind, long seed) {
    List<Map<String, Object>> rows = rows(new Random(seed), 1.0);
    runBoth(kind, rows);
    runBoth(kind, rows);
    return rows;
  }

  /** The rows and 50 rows of new keys: new events are sent, as changed users are. */
  private static List<Map<String, Object>> withNewKeys(List<Map<String, Object>> rows) {
    List<Map<String, Object>> more = new ArrayList<>(rows);
    for (int i = ROWS; i < ROWS + 50; i++) {
      Map<String, Object> row = new LinkedHashMap<>(rows.get(0));
      row.put("id", String.format("k%05d", i));
      row.put("owner", String.format("u%05d", i));
      more.add(row);
    }
    return more;
  }

  private Path tableFile() {
    try (Stream<Path> files = Files.list(tableDir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".digests")).findFirst().orElse(null);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void runsWithChangesRemovalsAndRevertedValues_sendWhatWalkingRunsSend_andLoadTheTableFromTheThirdRunOn(String kind) {
    Random random = new Random(17);
    runBoth(kind, rows(random, 1.0));
    assertThat(tableFile()).as("a first run reads no digests, so it leaves none").isNull();

    runBoth(kind, rows(random, 1.0));
    assertThat(last.passes.get()).as("the second run walks the state").isEqualTo(1);
    assertThat(tableFile()).isNotNull();

    long loaded = 0;
    for (int run = 0; run < 8; run++) {
      // Rows come and go (users: unset and forgotten), values change and change back.
      SyncResult result = runBoth(kind, rows(random, run % 3 == 2 ? 1.0 : 0.95));
      assertThat(result.unchanged()).isPositive();
      loaded += last.passes.get() == 0 ? 1 : 0;
    }
    assertThat(loaded).as("runs that loaded the table instead of walking").isEqualTo(8);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void anUnchangedReRun_loadsTheTable_andFindsEveryRowUnchanged(String kind) {
    List<Map<String, Object>> rows = afterTwoRuns(kind, 3);

    SyncResult again = runBoth(kind, rows);

    assertThat(last.passes.get()).isZero();
    assertThat(again.unchanged()).isEqualTo(ROWS);
    assertThat(again.accepted()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void anUnchangedReRunOfALoadedTable_leavesItsFileAsItWas_andTheNextRunLoadsIt(String kind) throws IOException {
    List<Map<String, Object>> rows = afterTwoRuns(kind, 9);
    runBoth(kind, rows); // loads the table: the next unchanged run keeps its file
    Path table = tableFile();
    byte[] bytes = Files.readAllBytes(table);
    Files.setLastModifiedTime(table, java.nio.file.attribute.FileTime.fromMillis(1_000_000));

    assertThat(runBoth(kind, rows).unchanged()).isEqualTo(ROWS);

    assertThat(last.passes.get()).as("loaded").isZero();
    assertThat(Files.readAllBytes(table)).as("not written anew").isEqualTo(bytes);
    assertThat(Files.getLastModifiedTime(table).toMillis()).as("not replaced").isEqualTo(1_000_000);
    List<Map<String, Object>> changed = rows(new Random(90), 0.95);
    runBoth(kind, changed);
    assertThat(last.passes.get()).as("the kept file still counts").isZero();
    runBoth(kind, changed);
    assertThat(last.passes.get()).as("and the one the changed run wrote").isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void aPreview_loadsTheTable_countsWhatAWalkingPreviewCounts_andLeavesTheTableAsItWas(String kind)
      throws IOException {
    afterTwoRuns(kind, 4);
    byte[] table = Files.readAllBytes(tableFile());
    List<Map<String, Object>> changed = withNewKeys(rows(new Random(40), 0.95));

    SyncResult withTable = preview(kind, changed, tableDir, tableFake, true);
    assertThat(last.passes.get()).as("loaded").isZero();
    SyncResult walking = preview(kind, changed, walkDir, walkFake, false);

    assertThat(List.of(withTable.rowsRead(), withTable.accepted(), withTable.unchanged(), withTable.removed()))
        .isEqualTo(List.of(walking.rowsRead(), walking.accepted(), walking.unchanged(), walking.removed()));
    assertThat(withTable.accepted()).as("to send").isPositive();
    assertThat(Files.readAllBytes(tableFile())).as("a preview writes nothing").isEqualTo(table);
    runBoth(kind, changed);
    assertThat(last.passes.get()).as("the table still counts after the preview").isZero();
  }

  private SyncResult preview(String kind, List<Map<String, Object>> rows, Path dir, FakeAmplitude fake,
      boolean withFiles) {
    try (StateStore file = StateStores.file(dir)) {
      return AmplitudeSync.preview(job("sync", kind, rows, fake, counting(file, withFiles)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void anotherSyncOfTheSameStateFile_leavesTheTableInUse(String kind) {
    afterTwoRuns(kind, 5);
    // Syncs of one spec folder share its state file: another one's runs commit to it in between.
    run(kind, rows(new Random(6), 1.0), tableDir, tableFake, true, "another");
    run(kind, rows(new Random(6), 1.0), tableDir, tableFake, true, "another");

    runBoth(kind, rows(new Random(7), 1.0));

    assertThat(last.passes.get()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void everyCommitThatCarriesAWriteOfAKey_carriesNoToken_soARunKilledAfterIt_leavesNoTableInUse(String kind) {
    Random random = new Random(8);
    runBoth(kind, rows(random, 1.0));
    runBoth(kind, rows(random, 1.0));
    List<String> violations = new ArrayList<>();
    int[] keyCommits = new int[1];
    StateStore watched = watchingCommits(violations, keyCommits);

    List<Map<String, Object>> next = withNewKeys(rows(random, 0.9));
    SyncJob job = SyncJob.builder("sync").source(InMemorySource.of(next)).mapping(mapping(kind))
        .destination(AmplitudeClient.builder(tableFake.apiKey()).endpoint(URI.create(tableFake.baseUrl()))
            .linger(Duration.ZERO).maxEventsPerRequest(10))
        .onRemoved("users".equals(kind) ? OnRemoved.UNSET : OnRemoved.IGNORE)
        .state(watched).build();
    assertThat(AmplitudeSync.run(job).accepted()).isPositive();

    assertThat(keyCommits[0]).as("commits that carried key writes").isPositive();
    assertThat(violations).isEmpty();
  }

  /** A file store whose commits check that none carrying a key write leaves a token in the metadata. */
  private StateStore watchingCommits(List<String> violations, int[] keyCommits) {
    StateStore file = StateStores.file(tableDir);
    return new StateStore() {
      @Override
      public SyncState open(String syncName) {
        return new CountingWithFiles(file.open(syncName)) {
          private boolean keysWritten;

          @Override
          public synchronized void put(String key, byte[] value) {
            keysWritten = true;
            super.put(key, value);
          }

          @Override
          public synchronized void remove(String key) {
            keysWritten = true;
            super.remove(key);
          }

          @Override
          public synchronized void commit() {
            if (keysWritten) {
              keyCommits[0]++;
              if (meta("digest_table") != null) {
                violations.add("a commit with key writes kept the token " + meta("digest_table"));
              }
            }
            keysWritten = false;
            super.commit();
          }
        };
      }

      @Override
      public void close() {
        file.close();
      }
    };
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void aRunWhoseLastCommitFails_leavesNoTableInUse(String kind) {
    Random random = new Random(12);
    runBoth(kind, rows(random, 1.0));
    runBoth(kind, rows(random, 1.0));
    failHistory = true;
    runBoth(kind, rows(random, 1.0)); // its history, and with it the new token, is not written
    failHistory = false;

    runBoth(kind, rows(random, 1.0));

    assertThat(last.passes.get()).as("walked").isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void aDamagedTable_isNotUsed(String kind) throws IOException {
    afterTwoRuns(kind, 9);
    Path table = tableFile();
    byte[] bytes = Files.readAllBytes(table);
    bytes[bytes.length / 2] ^= 0x10; // one bit of one digest
    Files.write(table, bytes);

    runBoth(kind, rows(new Random(10), 1.0));

    assertThat(last.passes.get()).as("walked: the table fails its checksum").isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void aStateFileStartedAfresh_doesNotUseTheTableLeftBesideIt(String kind) throws IOException {
    List<Map<String, Object>> rows = afterTwoRuns(kind, 11);
    runBoth(kind, rows); // loads, and writes the table again
    Path table = tableFile();
    assertThat(table).isNotNull();
    // The state is deleted by hand; the table stays. The fresh state holds no token.
    Files.delete(tableDir.resolve("state.mv.db"));
    Files.deleteIfExists(tableDir.resolve("state.mv.db.version"));
    tableFake.reset();

    SyncResult first = run(kind, rows);
    assertThat(first.accepted()).as("a first run sends every row").isEqualTo(ROWS);
    SyncResult second = run(kind, rows);
    assertThat(last.passes.get()).as("walked: the fresh state has no table id").isEqualTo(1);
    assertThat(second.unchanged()).isEqualTo(ROWS);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void forgettingTheState_deletesItsTable(String kind) {
    List<Map<String, Object>> rows = rows(new Random(13), 1.0);
    runBoth(kind, rows);
    runBoth(kind, rows);
    assertThat(tableFile()).isNotNull();

    try (StateStore file = StateStores.file(tableDir)) {
      file.forget("sync");
    }

    assertThat(tableFile()).isNull();
  }
}
