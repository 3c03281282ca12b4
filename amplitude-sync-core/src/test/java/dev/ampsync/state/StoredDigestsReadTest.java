package dev.ampsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.internal.state.ForwardingSyncState;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.testing.FakeAmplitude;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A whole-model re-run reads the digests stored with its keys in one pass before the first row and
 * then reads the state only for rows whose digest differs: an unchanged row costs no state read. A
 * watermark run (a window of the model) and a resync (which trusts nothing stored) read no digests.
 */
class StoredDigestsReadTest {
  private static final int ROWS = 1_000;

  private FakeAmplitude fake;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  /** Counts what the run asks of its state. */
  private static final class Counting extends ForwardingSyncState {
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger passes = new AtomicInteger();
    volatile boolean failPass;

    Counting(SyncState state) {
      super(state);
    }

    @Override
    public byte[] get(String key) {
      gets.incrementAndGet();
      return super.get(key);
    }

    @Override
    public void forEachEntry(java.util.function.BiConsumer<String, byte[]> action) {
      passes.incrementAndGet();
      if (failPass) {
        throw new StateException("disk read error (test)", new java.io.IOException("EIO"));
      }
      super.forEachEntry(action);
    }
  }

  private Counting last;
  private boolean failNextPass;

  private SyncResult run(String kind, List<Map<String, Object>> rows, boolean fullResync) {
    Mapping mapping = "events".equals(kind)
        ? Mapping.builder(ObjectType.EVENT).eventType(Value.constant("Order Completed"))
            .userId(Value.column("owner")).insertId(Value.column("id")).time(Value.column("at"))
            .property("plan", Value.column("plan")).build()
        : Mapping.builder(ObjectType.USER).userId(Value.column("id"))
            .property("plan", Value.column("plan")).property("ltv", Value.column("ltv")).build();
    try (StateStore file = StateStores.file(dir)) {
      StateStore counting = new StateStore() {
        @Override
        public SyncState open(String syncName) {
          last = new Counting(file.open(syncName));
          last.failPass = failNextPass;
          return last;
        }

        @Override
        public void close() {}
      };
      SyncJob job = SyncJob.builder(kind).source(InMemorySource.of(rows)).mapping(mapping)
          .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl())).linger(Duration.ZERO))
          .state(counting).fullResync(fullResync).build();
      return AmplitudeSync.run(job);
    }
  }

  private static List<Map<String, Object>> rows(int changed) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", String.format("k%05d", i));
      row.put("owner", String.format("u%05d", i));
      row.put("plan", i < changed ? "gold" : "free");
      row.put("ltv", new BigDecimal(i + ".5"));
      row.put("at", Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i));
      rows.add(row);
    }
    return rows;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void anUnchangedReRun_readsTheDigestsOnce_andTheStateForNoRow(String kind) {
    assertThat(run(kind, rows(0), false).accepted()).isEqualTo(ROWS);
    assertThat(last.passes.get()).as("a first run has nothing to read").isZero();

    SyncResult again = run(kind, rows(0), false);

    assertThat(again.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(again.unchanged()).isEqualTo(ROWS);
    assertThat(last.passes.get()).isEqualTo(1);
    assertThat(last.gets.get()).as("state reads").isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void aFirstRun_readsTheStateForNoRow_andStillRefusesItsDuplicates(String kind) {
    List<Map<String, Object>> rows = rows(0);
    rows.add(new LinkedHashMap<>(rows.get(3))); // identical to an earlier row
    Map<String, Object> conflicting = new LinkedHashMap<>(rows.get(7));
    conflicting.put("plan", "gold");
    rows.add(conflicting);

    SyncResult first = run(kind, rows, false);

    assertThat(first.accepted()).isEqualTo(ROWS);
    assertThat(first.invalid()).isEqualTo(2);
    assertThat(first.problems()).extracting(dev.ampsync.Problem::reason).anySatisfy(
        reason -> assertThat(reason).contains("identical values")).anySatisfy(
        reason -> assertThat(reason).contains("conflicting values"));
    assertThat(last.gets.get()).as("state reads: it held nothing when the run opened it").isZero();

    SyncResult again = run(kind, rows, false); // a re-run reads what the first one stored
    assertThat(again.unchanged()).isEqualTo(ROWS);
    assertThat(again.invalid()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void aReRunWithNewRows_readsTheStateForNone_andSendsThem(String kind) {
    run(kind, rows(0).subList(0, ROWS - 100), false);
    int before = fake.requests().size();

    SyncResult again = run(kind, rows(0), false); // the model grew by 100 rows

    assertThat(again.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(again.accepted()).isEqualTo(100);
    assertThat(again.unchanged()).isEqualTo(ROWS - 100);
    assertThat(fake.requests().size()).isGreaterThan(before);
    assertThat(last.gets.get()).as("state reads: the stored digests know every stored key").isZero();
    assertThat(run(kind, rows(0), false).unchanged()).as("what it sent was stored").isEqualTo(ROWS);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {1, 25})
  void changedRows_areTheOnlyOnesLookedUp_andSentAsBefore(int changed) {
    run("users", rows(0), false);
    int before = fake.requests().size();

    SyncResult again = run("users", rows(changed), false);

    assertThat(again.accepted()).isEqualTo(changed);
    assertThat(again.unchanged()).isEqualTo(ROWS - changed);
    assertThat(fake.requests().size()).isGreaterThan(before);
    assertThat(fake.user("k00000").orElseThrow().property("plan")).isEqualTo("gold");
    assertThat(fake.user(String.format("k%05d", changed)).orElseThrow().property("plan")).isEqualTo("free");
    // a changed row reads its stored fingerprint for the property diff (and what was acknowledged)
    assertThat(last.gets.get()).as("state reads").isGreaterThanOrEqualTo(changed).isLessThanOrEqualTo(2 * changed);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void aStateThatFailsWhileItsDigestsAreRead_failsTheRunWithItsError_andSendsNothing(String kind) {
    run(kind, rows(0), false);
    int before = fake.requests().size();
    failNextPass = true; // the digests are read on a thread of their own: its failure still ends the run

    SyncResult again = run(kind, rows(25), false);

    assertThat(again.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(again.error()).hasValueSatisfying(error -> assertThat(error).contains("disk read error (test)"));
    assertThat(again.accepted()).isZero();
    assertThat(fake.requests()).hasSize(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"users", "events"})
  void aResync_readsNoDigests_andSendsEverything(String kind) {
    run(kind, rows(0), false);

    SyncResult again = run(kind, rows(0), true);

    assertThat(last.passes.get()).isZero();
    assertThat(again.accepted()).isEqualTo(ROWS);
  }
}
