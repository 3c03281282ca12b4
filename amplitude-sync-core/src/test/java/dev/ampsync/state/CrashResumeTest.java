package dev.ampsync.state;

import dev.ampsync.internal.state.ForwardingSyncState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.internal.engine.Keys;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.testing.FakeAmplitude;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crash safety of incremental event syncs with the file state store: a child JVM ({@link
 * CrashingSyncMain}) syncs 200,000 generated orders to a fake Amplitude running in this JVM and is
 * killed with SIGKILL mid-run, one to three times, then runs to completion.
 *
 * <p>After each trial Amplitude (the fake) must hold every event exactly once, and the committed state
 * must hold every key, so that a further run sends nothing. Events that were acknowledged but not yet
 * committed when the process died, or were in flight, are sent again by the next run; the fake
 * acknowledges them without storing them (insert_id deduplication), which is what makes the
 * commit-after-acknowledgement design safe. Along the way, after every kill, the committed state must
 * hold only keys Amplitude already has (a key is never committed before its acknowledgement) and never
 * fewer keys than after the previous kill.
 *
 * <p>The kill points are drawn from {@code new Random(seed)}: for most kills a threshold on the number
 * of events the fake has stored (so the kill lands mid-run whatever the machine's speed), for some a
 * plain delay of 0.2 to 1.5 s after the JVM starts (which may land during start-up or while the state
 * store is being opened or created).
 *
 * <p>Two trial sets of five fixed seeds: insert ids from the order id column, and derived insert ids.
 * On two cores shared with other builds a trial took 11 to 115 s, depending on the load: the first set
 * 1.2 to 3.5 minutes, the second 2.1 to 6.5, so the second is tagged {@code slow} (leave it out with
 * {@code -DexcludedGroups=slow}). Each trial prints one summary line, and all of them are printed again at the
 * end.
 */
class CrashResumeTest {
  private static final int ROWS = 200_000;
  private static final long[] COLUMN_SEEDS = {1_001L, 2_002L, 3_003L, 4_004L, 5_005L};
  private static final long[] DERIVED_SEEDS = {6_006L, 7_007L, 8_008L, 9_009L, 10_010L};
  private static final long RUN_TIMEOUT_SECONDS = 180;
  private static final List<String> SUMMARY = new CopyOnWriteArrayList<>();

  private static FakeAmplitude fake;

  @BeforeAll
  static void startFake() {
    fake = FakeAmplitude.start();
  }

  @AfterAll
  static void stopFake() {
    if (fake != null) {
      fake.close();
    }
    System.out.println("[CrashResumeTest] summary (" + SUMMARY.size() + " trials, " + ROWS + " rows each):");
    SUMMARY.forEach(line -> System.out.println("  " + line));
  }

  @BeforeEach
  void resetFake() {
    fake.reset();
  }

  static LongStream columnSeeds() {
    return LongStream.of(COLUMN_SEEDS);
  }

  static LongStream derivedSeeds() {
    return LongStream.of(DERIVED_SEEDS);
  }

  /** One kill: when it landed, and what Amplitude and the committed state held afterwards. */
  private record Kill(String trigger, long atMs, int eventsAtKill, int eventsSettled, long committed) {
    long gap() {
      return eventsSettled - committed;
    }
  }

  @ParameterizedTest(name = "insert_id from order_id, seed {0}")
  @MethodSource("columnSeeds")
  void insertIdsFromAColumn_killedOneToThreeTimes_thenResumed_everyEventOnce_everyKeyCommitted(
      long seed, @TempDir Path dir) throws Exception {
    trial("column", seed, dir);
  }

  /** The same with derived insert ids: a restarted JVM must derive the same ids for Amplitude to dedupe. */
  @Tag("slow")
  @ParameterizedTest(name = "derived insert_id, seed {0}")
  @MethodSource("derivedSeeds")
  void derivedInsertIds_killedOneToThreeTimes_thenResumed_everyEventOnce_everyKeyCommitted(
      long seed, @TempDir Path dir) throws Exception {
    trial("derived", seed, dir);
  }

  private void trial(String idMode, long seed, Path dir) throws Exception {
    long trialStarted = System.nanoTime();
    Random random = new Random(seed);
    Path stateDir = dir.resolve("state");
    String syncName = CrashingSyncMain.syncName(idMode);
    Set<String> expectedIds = expectedInsertIds(idMode);

    int plannedKills = 1 + random.nextInt(3);
    List<Kill> kills = new ArrayList<>();
    boolean finishedBeforeKill = false;
    long committedBefore = 0;
    for (int k = 0; k < plannedKills; k++) {
      // Every draw is made whatever the trigger, so the sequence depends on the seed only.
      boolean byTime = random.nextDouble() < 0.2;
      long delayMs = 200 + random.nextInt(1_300);
      double fraction = 0.05 + 0.85 * random.nextDouble();

      int before = fake.eventCount();
      int threshold = before + Math.max(1, (int) ((ROWS - before) * fraction));
      Path log = dir.resolve("run-" + (k + 1) + "-killed.log");
      Process child = startChild(stateDir, idMode, log);
      long started = System.nanoTime();
      String trigger = byTime ? "t" : "ev";
      int eventsAtKill = -1;
      try {
        while (child.isAlive()) {
          long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
          int events = fake.eventCount();
          boolean due = byTime ? elapsedMs >= delayMs : events >= threshold;
          if (due || elapsedMs > TimeUnit.SECONDS.toMillis(RUN_TIMEOUT_SECONDS)) {
            if (!due) {
              trigger = "timeout";
            }
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no final commit
            eventsAtKill = events;
            break;
          }
          Thread.sleep(2);
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("killed child is gone").isTrue();
      } finally {
        child.destroyForcibly();
      }
      long atMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      if (eventsAtKill < 0) {
        // The run ended before the kill was due: it must have ended well.
        assertThat(child.exitValue()).as("child ended on its own before the kill; log:%n%s", tail(log)).isZero();
        finishedBeforeKill = true;
        break;
      }
      int settled = settle();

      long committed;
      List<String> notInAmplitude = new ArrayList<>();
      Set<String> stored = fake.distinctInsertIds();
      try (StateStore store = StateStores.file(stateDir);
          SyncState state = store.open(syncName)) {
        committed = state.size();
        state.forEachKey(key -> {
          if (!stored.contains(key) && notInAmplitude.size() < 10) {
            notInAmplitude.add(key);
          }
        });
      }
      assertThat(notInAmplitude)
          .as("keys committed after kill %d that Amplitude never stored (commit before acknowledgement)", k + 1)
          .isEmpty();
      assertThat(committed)
          .as("committed keys after kill %d, never fewer than after the previous kill", k + 1)
          .isGreaterThanOrEqualTo(committedBefore)
          .isLessThanOrEqualTo(settled);
      committedBefore = committed;
      kills.add(new Kill(trigger, atMs, eventsAtKill, settled, committed));
    }

    // The final run, never killed, must complete.
    Map<String, String> last = runToCompletion(stateDir, idMode, dir.resolve("run-final.log"));
    int afterFinal = settle();
    long committedAfterFinal;
    Set<String> committedKeys = new HashSet<>();
    try (StateStore store = StateStores.file(stateDir);
        SyncState state = store.open(syncName)) {
      committedAfterFinal = state.size();
      state.forEachKey(committedKeys::add);
    }
    Set<String> distinct = fake.distinctInsertIds();
    int duplicates = fake.duplicateCount();

    // A further run finds everything unchanged and sends nothing.
    int requestsBefore = fake.requests().size();
    Map<String, String> again = runToCompletion(stateDir, idMode, dir.resolve("run-again.log"));
    settle();
    int requestsOfRerun = fake.requests().size() - requestsBefore;

    long totalGap = kills.stream().mapToLong(Kill::gap).sum();
    long lastGap = kills.isEmpty() ? 0 : kills.get(kills.size() - 1).gap();
    String summary = summary(idMode, seed, kills, finishedBeforeKill, last, duplicates, again, requestsOfRerun,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - trialStarted));
    SUMMARY.add(summary);
    System.out.println("[CrashResumeTest] " + summary);

    assertThat(last).containsEntry("status", "SUCCEEDED").containsEntry("rowsRead", String.valueOf(ROWS));
    assertThat(Long.parseLong(last.get("unchanged")))
        .as("final run: rows already committed are unchanged")
        .isEqualTo(committedBefore);
    assertThat(Long.parseLong(last.get("accepted"))).isEqualTo(ROWS - committedBefore);

    assertThat(afterFinal).as("events stored by Amplitude").isEqualTo(ROWS);
    assertThat(fake.eventCount()).as("events stored by Amplitude").isEqualTo(ROWS);
    assertThat(distinct).as("distinct insert ids stored").hasSize(ROWS);
    assertThat(distinct.equals(expectedIds)).as("stored insert ids are exactly the rows' insert ids").isTrue();
    assertThat((long) duplicates)
        .as("duplicates: every event acknowledged but not committed before the last kill was sent again, and"
            + " nothing else was")
        .isBetween(lastGap, totalGap);

    assertThat(committedAfterFinal)
        .as("committed keys after a final run that reported SUCCEEDED (see"
            + " aCommitInProgressWhenTheRunEnds_stillLeavesEveryAcknowledgedEventCommitted)")
        .isEqualTo(ROWS);
    assertThat(committedKeys.equals(expectedIds)).as("committed keys are exactly the rows' insert ids").isTrue();

    assertThat(again)
        .containsEntry("status", "SUCCEEDED")
        .containsEntry("unchanged", String.valueOf(ROWS))
        .containsEntry("accepted", "0");
    assertThat(requestsOfRerun).as("requests sent by a run after completion").isZero();
    assertThat(fake.eventCount()).isEqualTo(ROWS);
  }

  /**
   * A periodic commit still in progress when the run ends must complete, not be cut short.
   *
   * <p>Regression test. {@code SyncRun} used to stop its committer with {@code shutdownNow()}, which
   * interrupts the "ampsync-state-commit" thread; when that thread was inside {@code MVStore.commit()},
   * the interrupt closed the store's {@code FileChannel} ({@code ClosedByInterruptException}), MVStore
   * shut itself down, the final commit in {@code closeState()} failed and was only logged, {@code
   * StateStore.close()} said nothing, and the run still reported SUCCEEDED: every acknowledgement since
   * the previous commit was lost, and the next run sent those events again. The crash trials above hit
   * it once: a final run reported SUCCEEDED with 68,031 accepted, yet only 198,391 of 200,000 keys were
   * committed, and the next run resent 1,609 events. With that code this test kept 0 of 10,000 keys.
   *
   * <p>Here the race is made certain: a commit from any thread other than the one running the sync
   * lasts (like a slow disk) until that thread is interrupted, or until Amplitude has every event and
   * the run has had time to end; the write itself is the real file store's.
   */
  @Test
  void aCommitInProgressWhenTheRunEnds_stillLeavesEveryAcknowledgedEventCommitted(@TempDir Path dir) {
    Path stateDir = dir.resolve("state");
    Thread runner = Thread.currentThread();
    int rows = 10_000;
    fake.delayNext(2, Duration.ofMillis(400)); // the run lasts past the committer's first tick (200 ms)
    SyncResult result;
    try (StateStore file = StateStores.file(stateDir)) {
      StateStore slowDisk = new StateStore() {
        @Override
        public SyncState open(String syncName) {
          return new SlowCommits(file.open(syncName), runner, () -> fake.eventCount() >= rows);
        }

        @Override
        public void close() {}
      };
      result = AmplitudeSync.run(eventJob(rows, slowDisk));
    }
    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(rows);
    assertThat(fake.eventCount()).isEqualTo(rows);

    try (StateStore reopened = StateStores.file(stateDir)) {
      assertThat(reopened.open(CrashingSyncMain.syncName("column")).size())
          .as("keys committed by a run that reported SUCCEEDED with %d accepted", rows)
          .isEqualTo(rows);
    }
  }

  /**
   * A re-run over rows that are all unchanged has nothing to record: it must leave the state alone.
   *
   * <p>Regression test. The row path (then {@code SyncRun.handle}, now {@code RowPipeline.process}) used to put the stored fingerprint back for every
   * unchanged row (the put is meant for a fingerprint that changed without anything to send), so every
   * unchanged run rewrote every key: MVStore wrote the whole map again and the file grew with each run.
   * Measured with {@link StateScaleMeasurement}'s 1,000,000 users, the store closed between runs: 50 MB
   * after the first run, then 75, 99, 130 and 178 MB after four unchanged re-runs; here, 10,000 puts for
   * 10,000 unchanged rows and the file from 114,688 to 241,664 bytes.
   */
  @Test
  void anUnchangedRerun_writesNothingToTheState(@TempDir Path dir) throws IOException {
    Path stateDir = dir.resolve("state");
    int rows = 10_000;
    List<CountingPuts> opened = new ArrayList<>();
    long sizeAfterFirst;
    SyncResult again;
    try (StateStore file = StateStores.file(stateDir)) {
      StateStore counting = new StateStore() {
        @Override
        public SyncState open(String syncName) {
          CountingPuts state = new CountingPuts(file.open(syncName));
          opened.add(state);
          return state;
        }

        @Override
        public void close() {}
      };
      SyncResult first = AmplitudeSync.run(eventJob(rows, counting));
      assertThat(first.accepted()).isEqualTo(rows);
      sizeAfterFirst = Files.size(stateDir.resolve("state.mv.db"));
      again = AmplitudeSync.run(eventJob(rows, counting));
    }
    long sizeAfterRerun = Files.size(stateDir.resolve("state.mv.db"));
    System.out.printf(Locale.ROOT, "[CrashResumeTest] unchanged re-run of %d events: %d puts, state file %d -> %d bytes%n",
        rows, opened.get(1).puts.get(), sizeAfterFirst, sizeAfterRerun);

    assertThat(again.unchanged()).isEqualTo(rows);
    assertThat(opened.get(1).puts.get()).as("puts by a run whose every row was unchanged").isZero();
  }

  private static SyncJob eventJob(int rows, StateStore store) {
    return SyncJob.builder(CrashingSyncMain.syncName("column"))
        .source(InMemorySource.streaming(CrashingSyncMain.COLUMNS, CrashingSyncMain.generated(rows)))
        .mapping(CrashingSyncMain.mapping("column"))
        .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl())))
        .state(store)
        .build();
  }

  /**
   * A sync state whose commits off the sync's own thread last until that thread is interrupted, or
   * until {@code runEnding} holds and 300 ms more have passed (30 s at most).
   */
  private static final class SlowCommits extends ForwardingSyncState {
    private final Thread runner;
    private final BooleanSupplier runEnding;

    SlowCommits(SyncState delegate, Thread runner, BooleanSupplier runEnding) {
      super(delegate);
      this.runner = runner;
      this.runEnding = runEnding;
    }

    @Override
    public void commit() {
      if (Thread.currentThread() != runner) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long endingSince = 0;
        while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
          if (endingSince == 0 && runEnding.getAsBoolean()) {
            endingSince = System.nanoTime();
          }
          if (endingSince != 0 && System.nanoTime() - endingSince > TimeUnit.MILLISECONDS.toNanos(300)) {
            break;
          }
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // keeps the interrupt status
        }
      }
      super.commit();
    }
  }

  /** A sync state that counts puts. */
  private static final class CountingPuts extends ForwardingSyncState {
    final AtomicLong puts = new AtomicLong();

    CountingPuts(SyncState delegate) {
      super(delegate);
    }

    @Override
    public void put(String key, byte[] value) {
      puts.incrementAndGet();
      super.put(key, value);
    }
  }

  private static String summary(
      String idMode,
      long seed,
      List<Kill> kills,
      boolean finishedBeforeKill,
      Map<String, String> last,
      int duplicates,
      Map<String, String> again,
      int requestsOfRerun,
      long trialMs) {
    StringJoiner killed = new StringJoiner(" | ", "[", "]");
    for (Kill kill : kills) {
      killed.add(String.format(Locale.ROOT, "%s %.1fs ev@kill=%d acked=%d committed=%d gap=%d",
          kill.trigger(), kill.atMs() / 1000.0, kill.eventsAtKill(), kill.eventsSettled(), kill.committed(),
          kill.gap()));
    }
    return String.format(
        Locale.ROOT,
        "id=%-7s seed=%d kills=%d%s %s dups=%d final(acc=%s unch=%s %ss) rerun(unch=%s req=%d) %.1fs",
        idMode, seed, kills.size(), finishedBeforeKill ? " (a run finished before its kill)" : "", killed,
        duplicates, last.get("accepted"), last.get("unchanged"),
        String.format(Locale.ROOT, "%.1f", Long.parseLong(last.get("durationMs")) / 1000.0),
        again.get("unchanged"), requestsOfRerun, trialMs / 1000.0);
  }

  /** The insert ids the fake must end up with: the order ids, or the ids the engine derives. */
  private static Set<String> expectedInsertIds(String idMode) {
    Set<String> ids = new HashSet<>(ROWS * 2);
    String syncName = CrashingSyncMain.syncName(idMode);
    for (int i = 0; i < ROWS; i++) {
      Map<String, Object> row = CrashingSyncMain.row(i);
      ids.add(idMode.equals("column")
          ? (String) row.get("order_id")
          : Keys.insertId(syncName, "Order Completed", (String) row.get("customer"), null, (Instant) row.get("ordered_at")));
    }
    return ids;
  }

  private static Process startChild(Path stateDir, String idMode, Path log) throws IOException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = List.of(
        java,
        "-Xmx256m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", // a short run: C1 alone costs ~30 % less CPU
        "-XX:+ExitOnOutOfMemoryError",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp",
        System.getProperty("java.class.path"),
        CrashingSyncMain.class.getName(),
        fake.baseUrl(),
        fake.apiKey(),
        stateDir.toString(),
        String.valueOf(ROWS),
        idMode);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Runs the child without killing it; asserts exit 0 and returns its RESULT fields. */
  private static Map<String, String> runToCompletion(Path stateDir, String idMode, Path log) throws Exception {
    Process child = startChild(stateDir, idMode, log);
    try {
      assertThat(child.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS))
          .as("child finished within %d s; log:%n%s", RUN_TIMEOUT_SECONDS, tail(log))
          .isTrue();
    } finally {
      if (child.isAlive()) {
        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
      }
    }
    assertThat(child.exitValue()).as("child exit status; log:%n%s", tail(log)).isZero();
    String line = Files.readString(log, StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("RESULT "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no RESULT line in the child's output:\n" + tail(log)));
    Map<String, String> fields = new HashMap<>();
    for (String pair : line.substring("RESULT ".length()).split(" ")) {
      int eq = pair.indexOf('=');
      fields.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return fields;
  }

  /**
   * Waits until the fake has had no new request and no new event for 300 ms (requests of a killed
   * child may still be in its hands), and returns its event count.
   */
  private static int settle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    int events = fake.eventCount();
    int requests = fake.requests().size();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Thread.sleep(20);
      int e = fake.eventCount();
      int r = fake.requests().size();
      if (e != events || r != requests) {
        events = e;
        requests = r;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince >= TimeUnit.MILLISECONDS.toNanos(300)) {
        break;
      }
    }
    return events;
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
